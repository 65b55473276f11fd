/**
 * Copies of personal data beyond the card's text, for the erasure tests (docs/redaction.md):
 * an open and a closed poll whose options quote the secret card, the card's author name, and an
 * audience comment whose text and nickname hold personal data; the scans of the exports and
 * the moderation queue; and the redactions that erase them all.
 */
import * as Y from 'yjs';
import { editCard, LOCAL, readBoard } from '../../src/lib/board/index.js';
import { findSubmission } from '../../src/lib/board/queue.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { checkpointsOf, occurrences, type Source } from './byte-scan.js';
import { serverText } from './redaction-fixture.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import type { TestEvent, TestServer } from './test-server.js';
import { waitFor } from '../../support/wait.js';
import type { ProviderClient } from '../../support/yjs-clients.js';

export const AUTHOR = 'Ing. Radomír Šťastný';
export const COMMENT = 'Napište mi na karel.vomacka@seznam.cz';
export const NICKNAME = 'Karel Vomáčka';
/** Distinctive parts of the author name, the comment and the nickname. */
export const COPY_NEEDLES = ['Šťastný', 'karel.vomacka@seznam.cz', 'Vomáčka'];

export interface Copies {
  openPoll: string;
  closedPoll: string;
  commentId: string;
}

async function ok<T>(result: Promise<{ ok: true; data: T } | { ok: false; reason: string; message: string }>, what: string): Promise<T> {
  const ack = await result;
  if (!ack.ok) throw new Error(`${what}: ${ack.reason} ${ack.message}`);
  return ack.data;
}

/**
 * Names the card's author, quotes the card in two polls (one then closed), and has an audience
 * member comment on the other card under a nickname; waits for a checkpoint holding all of it.
 */
export async function seedCopies(
  ts: TestServer,
  ev: TestEvent,
  panelist: ProviderClient,
  mod: TestSocket,
  commenter: TestSocket,
  card: { id: string; other: string }
): Promise<Copies> {
  editCard(panelist.doc, card.id, { author: AUTHOR }, LOCAL);
  await waitFor(
    async () => (await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.find((c) => c.id === card.id)?.author)) === AUTHOR,
    'the author name'
  );
  const text = (await serverText(ts, ev.boardId, card.id)) as string;
  const poll = (question: string) =>
    ok(
      call<{ pollId: string }>(mod, 'poll:create', {
        question,
        multiple: false,
        options: [
          { text, cardId: card.id },
          { text: 'Jazyková bariéra', cardId: null }
        ]
      }),
      'poll:create'
    );
  const closedPoll = (await poll('Co řešit nejdřív?')).pollId;
  await ok(call(mod, 'poll:close', { pollId: closedPoll }), 'poll:close');
  const openPoll = (await poll('Co řešit potom?')).pollId;
  await ok(call(mod, 'board:settings', { commentsAllowed: true }), 'board:settings');
  // The commenter may be on another instance, which hears of the setting over the bus.
  const payload = { type: 'comment', key: `copies-${Date.now().toString(36)}`, cardId: card.other, text: COMMENT, author: NICKNAME, orgId: null };
  const submitted = await waitFor(async () => {
    const ack = await call<SubmissionView>(commenter, 'submission:create', payload);
    if (ack.ok) return ack.data;
    if (ack.reason !== 'disabled') throw new Error(`submission:create: ${ack.reason} ${ack.message}`);
    return null;
  }, 'the comment to be accepted');
  // The commenter may be on another instance: the moderator's instance approves what its queue holds.
  await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => findSubmission(b.queue.doc, submitted.id) !== null), "the submission in this instance's queue");
  const { resultId } = await ok(call<{ resultId: string }>(mod, 'queue:approve', { submissionId: submitted.id }), 'queue:approve');
  await waitFor(async () => {
    const found = occurrences(await checkpointsOf(ts.server.checkpoints, ev.boardId), COPY_NEEDLES);
    return COPY_NEEDLES.every((n) => found.some((f) => f.endsWith(`: ${n}`)));
  }, 'a checkpoint holding the copies');
  return { openPoll, closedPoll, commentId: resultId };
}

/** The moderator's JSON, CSV and Markdown exports of the board, and the moderator-only queue's state. */
export async function exportsAndQueue(ts: TestServer, ev: TestEvent): Promise<Source[]> {
  const out: Source[] = [];
  for (const format of ['json', 'csv', 'md']) {
    const res = await fetch(`${ts.url}/api/boards/${ev.boardId}/export.${format}?t=${ev.tokens.moderator}`);
    if (res.status !== 200) throw new Error(`export.${format}: ${res.status}`);
    out.push({ where: `export.${format}`, bytes: new Uint8Array(await res.arrayBuffer()) });
  }
  const queue = await ts.server.registry.withBoard(ev.boardId, (b) => Y.encodeStateAsUpdate(b.queue.doc));
  return [...out, { where: 'server queue doc', bytes: queue }];
}

/** Erases the author name and the comment's text and nickname (the card's text is redacted by the caller). */
export async function redactCopies(mod: TestSocket, card: { id: string }, copies: Copies): Promise<void> {
  await ok(call(mod, 'card:redact', { cardId: card.id, author: 'Sociální odbor' }), 'card:redact author');
  await ok(call(mod, 'comment:redact', { commentId: copies.commentId, text: 'Kontakt odstraněn moderátorem', author: '' }), 'comment:redact');
}
