/**
 * Reactions over raw socket.io clients (docs/protocol.md §3.5 R1–R4): taps aggregated into
 * bursts with counts and nothing identifying, the board's choices, the spotlight, the quota.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { participantKey, voterKey } from '../../src/lib/board/index.js';
import type { ReactionBurst } from '../../src/lib/protocol/events.js';
import { mintDevice } from '../../support/device.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { engagementSession, provider, socket, ts, writeCards } from '../helpers/engagement-session.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
engagementSession();

describe('reactions (§3.5 R1–R4)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let card: string;

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    [card] = await writeCards(ev, await provider(ev, 'moderator'), ['Reakce na kartu']);
  });

  it('R1: a burst of taps from ten phones reaches another phone as a few bursts with the right counts and nothing identifying', async () => {
    const listener = await socket(ev, 'audience');
    const bursts: unknown[] = [];
    listener.on('reactions', (burst: unknown) => bursts.push(burst));
    const deviceIds = await Promise.all(Array.from({ length: 10 }, () => mintDevice(ts.url)));
    const phones = await Promise.all(deviceIds.map((d) => socket(ev, 'audience', d)));
    const taps = phones.flatMap((p) => [
      call(p, 'reaction:send', { emoji: '👍', target: 'board' }),
      call(p, 'reaction:send', { emoji: '👍', target: 'board' }),
      call(p, 'reaction:send', { emoji: '❤️', target: 'board' })
    ]);
    expect((await Promise.all(taps)).every((a) => a.ok)).toBe(true);
    const sum = (emoji: string) => (bursts as ReactionBurst[]).reduce((n, b) => n + ((b.counts as Record<string, number>)[emoji] ?? 0), 0);
    await waitFor(() => sum('👍') === 20 && sum('❤️') === 10, 'all 30 taps in bursts');
    expect(bursts.length).toBeLessThan(30);
    expect(Math.max(...(bursts as ReactionBurst[]).map((b) => Object.values(b.counts).reduce((n, c) => n + (c ?? 0), 0)))).toBeGreaterThan(1);
    const identifying = [...deviceIds, ...deviceIds.map((d) => participantKey(ev.boardId, d)), ...deviceIds.map((d) => voterKey(ev.boardId, d)), ...phones.map((p) => p.id ?? '')];
    for (const burst of bursts) {
      expect(Object.keys(burst as object).sort()).toEqual(['counts', 'target']);
      expect((burst as ReactionBurst).target).toBe('board');
      expect(Object.keys((burst as ReactionBurst).counts).every((e) => e === '👍' || e === '❤️')).toBe(true);
      const text = JSON.stringify(burst);
      for (const id of identifying) expect(text).not.toContain(id);
    }
  });

  it('R2: an emoji the board does not offer is disabled; one outside the choices is invalid', async () => {
    const phone = await socket(ev, 'audience');
    expect(await call(phone, 'reaction:send', { emoji: '🎉', target: 'board' })).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await call(phone, 'reaction:send', { emoji: '🍕', target: 'board' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(await socket(ev, 'projector'), 'reaction:send', { emoji: '👍', target: 'board' })).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('R3: the spotlight target is the spotlighted card; with none it is invalid-payload', async () => {
    const phone = await socket(ev, 'audience');
    const none = await call(phone, 'reaction:send', { emoji: '👍', target: 'spotlight' });
    expect(none).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(!none.ok && none.message).toMatch(/spotlight/);
    expect(await call(mod, 'card:spotlight', { cardId: card })).toEqual({ ok: true });
    const listener = await socket(ev, 'audience');
    const bursts: ReactionBurst[] = [];
    listener.on('reactions', (b: ReactionBurst) => bursts.push(b));
    expect(await call(phone, 'reaction:send', { emoji: '👏', target: 'spotlight' })).toEqual({ ok: true });
    await waitFor(() => bursts.some((b) => b.target === card && b.counts['👏'] === 1), 'a burst for the spotlighted card');
  });

  it('R4: a phone tapping past its quota is rate-limited with retryAfterMs', async () => {
    const phone = await socket(ev, 'audience');
    const acks = await Promise.all(Array.from({ length: 16 }, () => call(phone, 'reaction:send', { emoji: '👍', target: 'board' })));
    const limited = acks.filter((a) => !a.ok && a.reason === 'rate-limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(8);
    for (const a of limited) expect(!a.ok && a.retryAfterMs).toBeGreaterThan(0);
  });
});
