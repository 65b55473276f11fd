/**
 * Card translation against a local LibreTranslate-compatible server (docs/translation.md):
 * T1 a card's text is translated once per UI language other than its own, stored with the card,
 *    and reaches the audience through the public document; an edit makes the old ones stale;
 * T2 a pending submission's translations stay in the moderator-only queue; approving it reuses
 *    them without asking the translator again;
 * T3 a redaction erases the translations of the old text everywhere the server keeps data;
 * T4 a failing or silent translator leaves the original and blocks nothing;
 * T5 a board's budget caps how many requests its cards can cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, editCard, LOCAL, participantKey, readBoard, translationFor } from '../../src/lib/board/index.js';
import { readSubmissions } from '../../src/lib/board/queue.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { checkpointsOf, filesUnder, occurrences } from '../helpers/byte-scan.js';
import { fakeTranslation, startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/libretranslate.js';
import { newClients, serverDocs } from '../helpers/redaction-fixture.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { containsText, openProvider, openRaw, type ProviderClient, type RawClient } from '../../support/yjs-clients.js';

let keySeq = 0;
const submission = (text: string) => ({ type: 'card', key: `translation-${(keySeq += 1)}`, kind: 'question', text, topicId: null, author: '', orgId: null });

describe('card translation (LibreTranslate API)', () => {
  let fake: FakeLibreTranslate;
  let ts: TestServer;
  let ev: TestEvent;
  let panelist: ProviderClient;
  let audience: RawClient;
  let mod: TestSocket;
  let phone: TestSocket;

  const post = (text: string): string => {
    const key = participantKey(ev.boardId, panelist.deviceId);
    return addCard(panelist.doc, { kind: 'weakness', text, orgId: null, author: 'Olena', authorKey: key, topicId: readBoard(panelist.doc).topics[0].id }, LOCAL);
  };
  const publicCard = (id: string) => readBoard(audience.doc).cards.find((c) => c.id === id);
  const asked = (text: string) => fake.requests.filter((r) => r.q === text);

  beforeAll(async () => {
    fake = await startFakeLibreTranslate({ apiKey: 'secret-key' });
    ts = await startTestServer({
      env: { TRANSLATE_URL: fake.url, TRANSLATE_API_KEY: 'secret-key', TRANSLATE_PAUSE_MS: '100', TRANSLATE_TIMEOUT_MS: '500', LIMIT_CHECKPOINT_INTERVAL_MS: '20' }
    });
    ev = await createTestEvent(ts.url);
    panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    audience = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => audience.synced(), 'the audience client to sync');
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    phone = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
  });
  afterAll(async () => {
    for (const s of [mod, phone]) s?.close();
    panelist?.destroy();
    audience?.close();
    await ts?.dispose();
    await fake?.close();
  });

  it('T1: a Ukrainian card is translated once into Czech, English and Vietnamese and reaches the phones; an edit makes them stale', async () => {
    const text = 'Бракує перекладачів у відділі соціальних справ';
    const id = post(text);
    const card = await waitFor(() => publicCard(id)?.translations, 'the translations in the public document');
    expect(card).toMatchObject({ source: 'uk', texts: { cs: fakeTranslation('cs', text), en: fakeTranslation('en', text), vi: fakeTranslation('vi', text) } });
    expect(card.texts.uk).toBeUndefined();
    expect(
      asked(text)
        .map((r) => `${r.source}>${r.target}`)
        .sort()
    ).toEqual(['auto>en', 'uk>cs', 'uk>vi']);
    expect(asked(text).every((r) => r.api_key === 'secret-key' && r.format === 'text')).toBe(true);
    expect(translationFor(text, card, 'cs')?.text).toBe(fakeTranslation('cs', text));
    expect(translationFor(text, card, 'uk')).toBeNull();

    const edited = 'Бракує перекладачів на пошті';
    editCard(panelist.doc, id, { text: edited }, LOCAL);
    await waitFor(() => publicCard(id)?.text === edited, 'the edit to reach the phones');
    const stale = publicCard(id);
    if (stale?.translations?.texts.cs === fakeTranslation('cs', text)) expect(translationFor(edited, stale.translations, 'cs')).toBeNull();
    await waitFor(() => publicCard(id)?.translations?.texts.cs === fakeTranslation('cs', edited), 'the edited text to be translated');
    expect(asked(text)).toHaveLength(3);
  });

  it('T2: a pending submission is translated for the moderator only; approving it asks the translator nothing more', async () => {
    const text = 'Thiếu thông tin bằng tiếng Việt ở bưu điện';
    const filed = await call<SubmissionView>(phone, 'submission:create', submission(text));
    expect(filed.ok).toBe(true);
    const pending = await waitFor(
      () => ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc).find((s) => s.content.text === text && s.translations)),
      'the submission translations in the queue'
    );
    expect(pending.translations).toMatchObject({ source: 'vi', texts: { cs: fakeTranslation('cs', text) } });
    for (const frame of audience.frames) expect(containsText(frame, fakeTranslation('cs', text))).toBe(false);
    const before = asked(text).length;
    const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: pending.id });
    if (!approved.ok) throw new Error(approved.message);
    const card = await waitFor(() => publicCard(approved.data.resultId)?.translations, 'the approved card with its translations');
    expect(card.texts.cs).toBe(fakeTranslation('cs', text));
    expect(asked(text)).toHaveLength(before);
  });

  it('T3: a redaction erases the translations of the old text from the documents, new clients, the history and the files', async () => {
    const old = 'Kontakt na paní Novákovou: 777 123 456';
    const id = post(old);
    await waitFor(() => publicCard(id)?.translations?.texts.en, 'the card to be translated');
    const needles = ['en: Kontakt na paní', 'uk: Kontakt na paní', 'vi: Kontakt na paní'];
    await waitFor(async () => occurrences(await checkpointsOf(ts.server.checkpoints, ev.boardId), needles).length > 0, 'a checkpoint holding the translations');
    expect(await call(mod, 'card:redact', { cardId: id, text: 'Kontakt odstraněn moderátorem' })).toEqual({ ok: true });
    await waitFor(() => publicCard(id)?.translations?.texts.en === fakeTranslation('en', 'Kontakt odstraněn moderátorem'), 'the redacted text to be translated');
    const sources = [
      ...(await serverDocs(ts, ev.boardId)),
      ...(await newClients(ts, ev)),
      ...(await checkpointsOf(ts.server.checkpoints, ev.boardId)),
      ...(await filesUnder(ts.dataDir))
    ];
    expect(sources.length).toBeGreaterThan(5);
    expect(occurrences(sources, needles)).toEqual([]);
  });

  it('T4: a failing or silent translator leaves the original and blocks nothing', async () => {
    for (const mode of ['error', 'hang'] as const) {
      fake.setMode(mode);
      const text = `Chybí tlumočníci (${mode})`;
      const id = post(text);
      await waitFor(() => asked(text).length > 0, 'the translator to be asked');
      expect(await call(phone, 'vote:toggle', { cardId: id })).toMatchObject({ ok: true });
      expect(publicCard(id)?.text).toBe(text);
      expect(publicCard(id)?.translations).toBeUndefined();
      fake.setMode('ok');
      await new Promise((resolve) => setTimeout(resolve, 700)); // past the deadline and the pause after a failure
    }
    const id = post('Chybí tlumočníci (znovu)');
    await waitFor(() => publicCard(id)?.translations, 'translation to resume once the translator answers');
  });
});

describe('card translation budget', () => {
  it('T5: a board may cause only its budget of requests; past it, cards stay untranslated', async () => {
    const fake = await startFakeLibreTranslate();
    const ts = await startTestServer({ env: { TRANSLATE_URL: fake.url, TRANSLATE_PER_BOARD_PER_MIN: '3' } });
    try {
      const ev = await createTestEvent(ts.url);
      const panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
      const key = participantKey(ev.boardId, panelist.deviceId);
      const topicId = readBoard(panelist.doc).topics[0].id;
      const texts = ['První karta o bydlení', 'Druhá karta o práci', 'Třetí karta o škole'];
      const ids = texts.map((text) => addCard(panelist.doc, { kind: 'weakness', text, orgId: null, author: '', authorKey: key, topicId }, LOCAL));
      await waitFor(() => readBoard(panelist.doc).cards.some((c) => c.translations), 'a first card to be translated');
      await waitFor(() => fake.requests.length >= 3, 'the first card’s requests');
      await new Promise((resolve) => setTimeout(resolve, 2500)); // the other cards' jobs have settled and been refused
      const translated = ids.filter((id) => readBoard(panelist.doc).cards.find((c) => c.id === id)?.translations);
      expect(translated).toHaveLength(1);
      expect(fake.requests).toHaveLength(3);
      panelist.destroy();
    } finally {
      await ts.dispose();
      await fake.close();
    }
  });
});
