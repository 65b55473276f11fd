/**
 * A session's participation for screenshots and browser tests: the demo board imported again
 * with its votes (and its questions' upvotes) spread over the last `minutes` (both keep their
 * time), then phones that join, submit, react, upvote a question and cast poll ballots, and a
 * moderator who approves and rejects with reasons.
 */
import type { BoardExport } from '../server/outputs/exports/json.js';
import { REJECT_REASONS } from '../src/lib/board/types.js';
import type { BoardInfo } from '../src/lib/protocol/api.js';
import type { SubmissionView } from '../src/lib/protocol/events.js';
import type { DemoBoard } from './demo-board.js';
import { call, connectAs, type TestSocket } from './socket-client.js';

export interface SeededParticipation {
  boardId: string;
  moderatorUrl: string;
  close(): void;
}

const REACTIONS = ['👍', '👏', '❤️', '🤔'] as const;

export async function seedParticipation(options: { url: string; demo: DemoBoard; phones: number; minutes?: number }): Promise<SeededParticipation> {
  const { url, demo } = options;
  const { tokens, response } = demo.event;
  const minutes = options.minutes ?? 90;
  const exported = (await (await fetch(`${url}/api/boards/${demo.event.boardId}/export.json?t=${tokens.moderator}`)).json()) as BoardExport;
  const now = Date.now();
  // Each card gets votes from a few voters, their times spread over the session, denser mid-way.
  const votes = exported.cards.flatMap((c, i) =>
    Array.from({ length: 2 + ((i * 5) % 7) }, (_, v) => ({
      cardId: c.id,
      voterKey: `demo-voter-${v}`,
      at: now - minutes * 60_000 * (0.15 + 0.8 * (((i * 13 + v * 29) % 97) / 97)) ** 1.4
    }))
  );
  // Each question gets a few upvotes, later in the session than most votes.
  const upvotes = exported.cards
    .filter((c) => c.kind === 'question')
    .flatMap((c, i) =>
      Array.from({ length: 6 + ((i * 3) % 5) }, (_, v) => ({
        cardId: c.id,
        voterKey: `demo-voter-${v}`,
        at: now - minutes * 60_000 * (0.05 + 0.6 * (((i * 7 + v * 31) % 89) / 89))
      }))
    );
  const res = await fetch(`${url}/api/events/${response.eventId}/import?t=${tokens.moderator}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...exported, board: { ...exported.board, title: 'Výzvy integrace 2026 – záznam' }, votes, upvotes })
  });
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  const board = (await res.json()) as BoardInfo;
  const mod = await connectAs(url, board.id, tokens.moderator);
  const phones: TestSocket[] = [];
  for (let i = 0; i < options.phones; i++) phones.push(await connectAs(url, board.id, tokens.audience));
  const texts = [
    'Kdo platí tlumočníka u lékaře?',
    'Jak dlouho se čeká na kurz češtiny?',
    'Prodám auto',
    'Moje číslo je 777 123 456',
    'Kdo platí tlumočníka u lékaře?',
    'Nevhodný vtip'
  ];
  const views: SubmissionView[] = [];
  for (const [i, text] of texts.entries()) {
    const ack = await call<SubmissionView>(phones[i], 'submission:create', {
      type: 'card',
      key: `demo-submission-${i}`,
      kind: 'question',
      text,
      topicId: null,
      author: '',
      orgId: null
    });
    if (ack.ok) views.push(ack.data);
  }
  const asked = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: views[0].id });
  if (asked.ok) for (const [i, p] of phones.entries()) if (i % 3 === 0) await call(p, 'question:upvote', { cardId: asked.data.resultId });
  await call(mod, 'queue:approve', { submissionId: views[1].id });
  for (const [i, v] of views.slice(2).entries()) await call(mod, 'queue:reject', { submissionId: v.id, reason: REJECT_REASONS[i % REJECT_REASONS.length] });
  for (const [i, p] of phones.entries()) for (let r = 0; r < 1 + (i % 3); r++) await call(p, 'reaction:send', { emoji: REACTIONS[(i + r) % REACTIONS.length], target: 'board' });
  const poll = await call<{ pollId: string }>(mod, 'poll:create', {
    question: 'Co je nejnaléhavější?',
    multiple: false,
    options: [
      { text: 'Bydlení', cardId: null },
      { text: 'Čeština', cardId: null }
    ]
  });
  if (!poll.ok) throw new Error(poll.message);
  const state = await (await fetch(`${url}/api/boards/${board.id}/export.json?t=${tokens.moderator}`)).json();
  const optionIds = (state as BoardExport).polls.find((p) => p.id === poll.data.pollId)?.options.map((o) => o.id) ?? [];
  for (const [i, p] of phones.entries()) if (i % 4 !== 3) await call(p, 'poll:vote', { pollId: poll.data.pollId, optionIds: [optionIds[i % 2]] });
  return {
    boardId: board.id,
    moderatorUrl: `${url}/b/${board.id}/moderate?t=${tokens.moderator}`,
    close() {
      for (const s of [mod, ...phones]) s.close();
    }
  };
}
