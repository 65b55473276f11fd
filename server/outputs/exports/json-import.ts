/** Validates an uploaded board JSON export (json.ts) before it becomes a new board. */
import * as v from 'valibot';
import type { BoardContent } from '../../../src/lib/board/content.js';
import {
  CARD_KINDS,
  MAX_CARD_TEXT,
  MAX_COMMENT_TEXT,
  MAX_NAME,
  MAX_POLL_ANSWER,
  MAX_POLL_OPTION,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION,
  MAX_TITLE,
  POLL_KINDS
} from '../../../src/lib/board/types.js';
import { BOARD_EXPORT_FORMAT, BOARD_EXPORT_VERSION } from './json.js';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const Key = v.pipe(v.string(), v.maxLength(200));
const Num = v.pipe(v.number(), v.finite());
const NullableId = v.nullable(Id);

const Card = v.object({
  id: Id,
  kind: v.picklist(CARD_KINDS),
  text: v.pipe(v.string(), v.maxLength(MAX_CARD_TEXT)),
  orgId: NullableId,
  author: v.pipe(v.string(), v.maxLength(MAX_NAME)),
  // Exports made before names needed consent lack it: no consent then.
  nameConsent: v.optional(v.boolean(), false),
  authorKey: Key,
  topicId: NullableId,
  order: Num,
  createdAt: Num,
  updatedAt: Num,
  hidden: v.boolean(),
  clusterId: NullableId,
  // Exports made before redaction existed lack it.
  redactedAt: v.optional(v.nullable(Num), null),
  // Questions only, when marked answered.
  answeredAt: v.optional(Num)
});

const Comment = v.object({
  id: Id,
  cardId: Id,
  text: v.pipe(v.string(), v.maxLength(MAX_COMMENT_TEXT)),
  author: v.pipe(v.string(), v.maxLength(MAX_NAME)),
  nameConsent: v.optional(v.boolean(), false),
  orgId: NullableId,
  createdAt: Num,
  hidden: v.boolean()
});

const Poll = v.object({
  id: Id,
  question: v.pipe(v.string(), v.maxLength(MAX_POLL_QUESTION)),
  // Absent in exports made before the other kinds existed.
  kind: v.optional(v.picklist(POLL_KINDS), 'choice'),
  multiple: v.boolean(),
  options: v.pipe(v.array(v.object({ id: Id, text: v.pipe(v.string(), v.maxLength(MAX_POLL_OPTION)), cardId: NullableId })), v.maxLength(MAX_POLL_OPTIONS)),
  open: v.boolean(),
  createdAt: Num,
  closedAt: v.nullable(Num)
});

const PollAnswer = v.object({ id: Id, pollId: Id, text: v.pipe(v.string(), v.maxLength(MAX_POLL_ANSWER.open)), at: Num });

const PollVote = v.object({ pollId: Id, voterKey: Key, optionIds: v.pipe(v.array(Id), v.maxLength(MAX_POLL_OPTIONS)) });

export const BoardExportSchema = v.object({
  format: v.literal(BOARD_EXPORT_FORMAT),
  version: v.literal(BOARD_EXPORT_VERSION),
  board: v.object({ title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TITLE)) }),
  meta: v.record(v.string(), v.unknown()),
  topics: v.array(v.object({ id: Id, title: v.pipe(v.string(), v.maxLength(MAX_TITLE)), order: Num })),
  orgs: v.array(v.object({ id: Id, name: v.pipe(v.string(), v.maxLength(MAX_TITLE)), order: Num })),
  clusters: v.array(v.object({ id: Id, title: v.pipe(v.string(), v.maxLength(MAX_TITLE)), createdAt: Num })),
  cards: v.array(Card),
  votes: v.array(v.object({ cardId: Id, voterKey: Key, at: Num })),
  // Absent in exports made before Q&A existed.
  upvotes: v.optional(v.array(v.object({ cardId: Id, voterKey: Key, at: Num })), []),
  // Absent in exports made before comments and polls existed.
  comments: v.optional(v.array(Comment), []),
  polls: v.optional(v.array(Poll), []),
  pollVotes: v.optional(v.array(PollVote), []),
  pollAnswers: v.optional(v.array(PollAnswer), [])
});

export type ImportedBoard = { title: string; content: BoardContent };

export function parseBoardImport(input: unknown): { ok: true; board: ImportedBoard } | { ok: false; message: string } {
  const result = v.safeParse(BoardExportSchema, input);
  if (!result.success)
    return {
      ok: false,
      message: result.issues
        .slice(0, 3)
        .map((i) => `${v.getDotPath(i) ?? ''} ${i.message}`.trim())
        .join('; ')
    };
  const { board, meta, topics, orgs, clusters, cards, votes, upvotes, comments, polls, pollVotes, pollAnswers } = result.output;
  return { ok: true, board: { title: board.title, content: { meta, topics, orgs, clusters, cards, votes, upvotes, comments, polls, pollVotes, pollAnswers } } };
}
