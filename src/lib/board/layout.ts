/**
 * The Y.Doc layout of a board, defined once. See docs/document-model.md.
 *
 *   meta      Y.Map   title, locked, spotlight, projector, timer, schema,
 *                     projectorLang, projectorTheme, projectorLargeText, projectorDensity
 *   topics    Y.Map   topicId → Y.Map { id, title, order }
 *   orgs      Y.Map   orgId   → Y.Map { id, name, order }
 *   cards     Y.Map   cardId  → Y.Map { id, kind, text, orgId, author, nameConsent, authorKey,
 *                                       topicId, order, createdAt, updatedAt, hidden, clusterId,
 *                                       redactedAt, translations (server-written, translations.ts),
 *                                       answeredAt? (questions, server-written: questions.ts) }
 *   clusters  Y.Map   clusterId → Y.Map { id, title, createdAt }
 *   votes     Y.Map   "<cardId>/<voterKey>" → epoch ms  (voterKey: identity.ts, not the authorKey)
 *   upvotes   Y.Map   "<cardId>/<voterKey>" → epoch ms  (questions only, no budget: questions.ts)
 *   comments  Y.Map   commentId → Y.Map { id, cardId, text, author, nameConsent, orgId, createdAt,
 *                                          hidden, redactedAt? }
 *   polls     Y.Map   pollId → Y.Map { id, question, multiple, options: PollOption[], open,
 *                                      createdAt, closedAt, redactedAt? }
 *   pollVotes Y.Map   "<pollId>/<voterKey>" → optionId[]
 *   pollAnswers Y.Map answerId → { pollId, text, at }: approved free-text answers (poll-answers.ts)
 *   authority Y.Map   "<Yjs client id>" → "server" | "moderator:<participantKey>" (authority.ts)
 *   erasures  Y.Map   "withdraw-card:<id>" | "withdraw-comment:<id>" → epoch ms (erasure.ts)
 *
 * meta also holds the audience settings (preModeration, voteBudget (0 = unlimited),
 * commentsAllowed, reactions), activePoll and queueCounts. The moderator-only queue of
 * audience submissions is a separate document (see queue.ts).
 *
 * Only this module and the command modules (commands.ts, redaction.ts, erasure.ts, authority.ts and,
 * for audience participation, comments.ts, engagement.ts, questions.ts, queue.ts) touch Y types.
 */
import * as Y from 'yjs';
import {
  CARD_KINDS,
  DEFAULT_PROJECTOR_STYLE,
  DEFAULT_SETTINGS,
  MAX_VOTE_BUDGET,
  POLL_KINDS,
  REACTION_CHOICES,
  PROJECTOR_DENSITIES,
  PROJECTOR_LANGS,
  PROJECTOR_MODES,
  PROJECTOR_THEMES,
  type BoardMeta,
  type Card,
  type BoardSettings,
  type CardKind,
  type Cluster,
  type Comment,
  type Poll,
  type PollKind,
  type PollOption,
  type QueueCounts,
  type Reaction,
  type Org,
  type ProjectorStyle,
  type ProjectorView,
  type Timer,
  type Topic
} from './types.js';
import { readTranslations, TRANSLATIONS_FIELD } from './translations.js';

export const SCHEMA_VERSION = 1;

export const ROOT = {
  meta: 'meta',
  topics: 'topics',
  orgs: 'orgs',
  cards: 'cards',
  clusters: 'clusters',
  votes: 'votes',
  upvotes: 'upvotes',
  comments: 'comments',
  polls: 'polls',
  pollVotes: 'pollVotes',
  pollAnswers: 'pollAnswers',
  authority: 'authority',
  erasures: 'erasures'
} as const;
export type RootName = (typeof ROOT)[keyof typeof ROOT];

/** Fields of a card that its author (or the moderator) may change directly over Yjs. */
export const CARD_CONTENT_FIELDS = ['kind', 'text', 'orgId', 'author', 'nameConsent', 'topicId', 'order', 'updatedAt'] as const;
/** Fields only server actions may change. */
export const CARD_MODERATION_FIELDS = ['hidden', 'clusterId', 'redactedAt', 'answeredAt'] as const;
export const CARD_FIELDS = ['id', 'authorKey', 'createdAt', ...CARD_CONTENT_FIELDS, ...CARD_MODERATION_FIELDS] as const;
export type CardField = (typeof CARD_FIELDS)[number];

export type YEntry = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.meta);
export const topicsMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(ROOT.topics);
export const orgsMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(ROOT.orgs);
export const cardsMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(ROOT.cards);
export const clustersMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(ROOT.clusters);
export const votesMap = (doc: Y.Doc): Y.Map<number> => doc.getMap(ROOT.votes);
export const upvotesMap = (doc: Y.Doc): Y.Map<number> => doc.getMap(ROOT.upvotes);
export const commentsMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(ROOT.comments);
export const pollsMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(ROOT.polls);
export const pollVotesMap = (doc: Y.Doc): Y.Map<string[]> => doc.getMap(ROOT.pollVotes);
export const pollAnswersMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.pollAnswers);
export const erasuresMap = (doc: Y.Doc): Y.Map<number> => doc.getMap(ROOT.erasures);

export const voteKey = (cardId: string, voterKey: string): string => `${cardId}/${voterKey}`;

export const pollVoteKey = (pollId: string, voterKey: string): string => `${pollId}/${voterKey}`;

/**
 * The card of a votes-map key when the vote is `voterKey`'s, else null. Allocates nothing for
 * other voters' keys: counting a voter's votes runs over every vote on every vote cast.
 */
export function votedCardOf(key: string, voterKey: string): string | null {
  const slash = key.length - voterKey.length - 1;
  return slash > 0 && key[slash] === '/' && key.endsWith(voterKey) ? key.slice(0, slash) : null;
}

/** Splits "<id>/<voterKey>" keys of the votes and pollVotes maps. */
export function parseVoteKey(key: string): { cardId: string; voterKey: string } | null {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return null;
  return { cardId: key.slice(0, slash), voterKey: key.slice(slash + 1) };
}

/** Creates a Y.Map entry from plain fields (used inside a transaction by commands). */
export function entryFrom(fields: Record<string, unknown>): YEntry {
  const entry = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) entry.set(key, value);
  return entry;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const isPollKind = (v: unknown): v is PollKind => typeof v === 'string' && (POLL_KINDS as readonly string[]).includes(v);
export const isCardKind = (v: unknown): v is CardKind => typeof v === 'string' && (CARD_KINDS as readonly string[]).includes(v);

/**
 * Reads a card entry tolerantly: any y-websocket client may write the document, so a missing
 * or mistyped field falls back to a safe default instead of breaking every view.
 */
export function readCard(id: string, entry: YEntry): Card {
  const kind = entry.get('kind');
  const translations = readTranslations(entry.get(TRANSLATIONS_FIELD));
  const answeredAt = numOrNull(entry.get('answeredAt'));
  return {
    id,
    kind: isCardKind(kind) ? kind : 'weakness',
    text: str(entry.get('text')),
    orgId: strOrNull(entry.get('orgId')),
    author: str(entry.get('author')),
    nameConsent: entry.get('nameConsent') === true,
    authorKey: str(entry.get('authorKey')),
    topicId: strOrNull(entry.get('topicId')),
    order: num(entry.get('order')),
    createdAt: num(entry.get('createdAt')),
    updatedAt: num(entry.get('updatedAt')),
    hidden: entry.get('hidden') === true,
    clusterId: strOrNull(entry.get('clusterId')),
    redactedAt: numOrNull(entry.get('redactedAt')),
    // Only present when there are some, so exports of untranslated boards keep their shape.
    ...(translations ? { translations } : {}),
    ...(answeredAt !== null && { answeredAt })
  };
}

export function readTopic(id: string, entry: YEntry): Topic {
  return { id, title: str(entry.get('title')), order: num(entry.get('order')) };
}

export function readOrg(id: string, entry: YEntry): Org {
  return { id, name: str(entry.get('name')), order: num(entry.get('order')) };
}

export function readCluster(id: string, entry: YEntry): Cluster {
  return { id, title: str(entry.get('title')), createdAt: num(entry.get('createdAt')) };
}

export function readComment(id: string, entry: YEntry): Comment {
  return {
    id,
    cardId: str(entry.get('cardId')),
    text: str(entry.get('text')),
    author: str(entry.get('author')),
    nameConsent: entry.get('nameConsent') === true,
    orgId: strOrNull(entry.get('orgId')),
    createdAt: num(entry.get('createdAt')),
    hidden: entry.get('hidden') === true,
    ...redactionMark(entry)
  };
}

/** `{ redactedAt }` when the entry was redacted, else nothing (so older entries read as before). */
function redactionMark(entry: YEntry): { redactedAt?: number } {
  const at = numOrNull(entry.get('redactedAt'));
  return at === null ? {} : { redactedAt: at };
}

function readPollOptions(v: unknown): PollOption[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((o: unknown) => {
    if (typeof o !== 'object' || o === null) return [];
    const r = o as Record<string, unknown>;
    return typeof r.id === 'string' ? [{ id: r.id, text: str(r.text), cardId: strOrNull(r.cardId) }] : [];
  });
}

export function readPoll(id: string, entry: YEntry): Poll {
  const closedAt = entry.get('closedAt');
  return {
    id,
    question: str(entry.get('question')),
    kind: isPollKind(entry.get('kind')) ? (entry.get('kind') as PollKind) : 'choice',
    multiple: entry.get('multiple') === true,
    options: readPollOptions(entry.get('options')),
    open: entry.get('open') === true,
    createdAt: num(entry.get('createdAt')),
    closedAt: typeof closedAt === 'number' ? closedAt : null,
    ...redactionMark(entry)
  };
}

/** Audience settings; a board created before they existed gets the defaults. */
export function readSettings(meta: Y.Map<unknown>): BoardSettings {
  const budget = meta.get('voteBudget');
  const reactions = meta.get('reactions');
  return {
    preModeration: meta.has('preModeration') ? meta.get('preModeration') !== false : DEFAULT_SETTINGS.preModeration,
    voteBudget: typeof budget === 'number' && Number.isInteger(budget) && budget >= 0 ? (budget === 0 ? null : Math.min(budget, MAX_VOTE_BUDGET)) : DEFAULT_SETTINGS.voteBudget,
    commentsAllowed: meta.get('commentsAllowed') === true,
    reactions: Array.isArray(reactions) ? reactions.filter((r): r is Reaction => (REACTION_CHOICES as readonly unknown[]).includes(r)) : [...DEFAULT_SETTINGS.reactions]
  };
}

function readQueueCounts(v: unknown): QueueCounts {
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return { pending: num(o.pending), approved: num(o.approved), rejected: num(o.rejected) };
}

function readProjector(v: unknown): ProjectorView {
  if (typeof v !== 'object' || v === null) return { mode: 'board' };
  const o = v as Record<string, unknown>;
  const mode = (PROJECTOR_MODES as readonly unknown[]).includes(o.mode) ? (o.mode as ProjectorView['mode']) : 'board';
  switch (mode) {
    case 'topic':
      return typeof o.topicId === 'string' ? { mode, topicId: o.topicId } : { mode: 'board' };
    case 'org':
      return typeof o.orgId === 'string' ? { mode, orgId: o.orgId } : { mode: 'board' };
    case 'top':
      return { mode, limit: Math.max(1, Math.min(50, num(o.limit, 10))) };
    case 'board':
    case 'matrix':
    case 'questions':
      return { mode };
    default: {
      const never: never = mode;
      return never;
    }
  }
}

function readTimer(v: unknown): Timer | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  return {
    label: str(o.label),
    durationMs: num(o.durationMs),
    startedAt: typeof o.startedAt === 'number' ? o.startedAt : null,
    remainingMs: num(o.remainingMs, num(o.durationMs))
  };
}

const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => ((values as readonly unknown[]).includes(v) ? (v as T) : fallback);

export function readProjectorStyle(meta: Y.Map<unknown>): ProjectorStyle {
  const d = DEFAULT_PROJECTOR_STYLE;
  return {
    projectorLang: oneOf(PROJECTOR_LANGS, meta.get('projectorLang'), d.projectorLang),
    projectorTheme: oneOf(PROJECTOR_THEMES, meta.get('projectorTheme'), d.projectorTheme),
    projectorLargeText: meta.get('projectorLargeText') === true,
    projectorDensity: oneOf(PROJECTOR_DENSITIES, meta.get('projectorDensity'), d.projectorDensity)
  };
}

export function readMeta(doc: Y.Doc): BoardMeta {
  const meta = metaMap(doc);
  return {
    ...readProjectorStyle(meta),
    ...readSettings(meta),
    activePoll: strOrNull(meta.get('activePoll')),
    queueCounts: readQueueCounts(meta.get('queueCounts')),
    title: str(meta.get('title')),
    locked: meta.get('locked') === true,
    spotlight: strOrNull(meta.get('spotlight')),
    projector: readProjector(meta.get('projector')),
    timer: readTimer(meta.get('timer'))
  };
}
