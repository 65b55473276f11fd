/** The board's domain types. The Y.Doc layout that stores them is in `layout.ts`. */
import type { TextTranslations } from './translations.js';

export const CARD_KINDS = ['weakness', 'pitfall', 'good-practice', 'question', 'proposal'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export const MAX_CARD_TEXT = 500;
export const MAX_NAME = 80;
export const MAX_TITLE = 120;

export interface Card {
  id: string;
  kind: CardKind;
  text: string;
  orgId: string | null;
  /** Display name the author typed; may be empty. */
  author: string;
  /** Whether the author agreed to show `author` on the public outputs (docs/privacy.md §5); false when unknown. */
  nameConsent: boolean;
  /** Pseudonymous participant key (see identity.ts), never a device id. */
  authorKey: string;
  topicId: string | null;
  /** Sort key inside a topic column; smaller first. */
  order: number;
  createdAt: number;
  updatedAt: number;
  hidden: boolean;
  clusterId: string | null;
  /** Epoch ms of the moderator's last redaction (card:redact), or null: the UI says "edited by the moderator". */
  redactedAt: number | null;
  /** Machine translations of the text, written by the server only (translations.ts). */
  translations?: TextTranslations | null;
  /** Epoch ms when the moderator marked this question answered (questions.ts); absent when not. */
  answeredAt?: number;
}

export interface Topic {
  id: string;
  title: string;
  order: number;
}

export interface Org {
  id: string;
  name: string;
  order: number;
}

export interface Cluster {
  id: string;
  title: string;
  createdAt: number;
}

export const PROJECTOR_MODES = ['board', 'topic', 'org', 'top', 'matrix', 'questions'] as const;
export type ProjectorModeName = (typeof PROJECTOR_MODES)[number];

export type ProjectorView =
  { mode: 'board' } | { mode: 'topic'; topicId: string } | { mode: 'org'; orgId: string } | { mode: 'top'; limit: number } | { mode: 'matrix' } | { mode: 'questions' };

/** A countdown: running when `startedAt` is set, paused otherwise. */
export interface Timer {
  label: string;
  durationMs: number;
  /** Epoch ms when the current run started, or null when paused/stopped. */
  startedAt: number | null;
  /** Time left when last paused (equals durationMs before the first start). */
  remainingMs: number;
}

/**
 * The projector's language: the board's `auto` follows the projector browser; the bilingual
 * settings show labels in Czech and a second language (`both` is Czech · English, named before
 * Ukrainian and Vietnamese came; boards store the value, so it keeps its name).
 */
export const PROJECTOR_LANGS = ['auto', 'cs', 'en', 'uk', 'vi', 'both', 'cs-uk', 'cs-vi'] as const;
export type ProjectorLang = (typeof PROJECTOR_LANGS)[number];
/** The second language of each bilingual setting; Czech always comes first. */
export const PROJECTOR_PAIRS = { both: 'en', 'cs-uk': 'uk', 'cs-vi': 'vi' } as const satisfies Partial<Record<ProjectorLang, string>>;
export const PROJECTOR_THEMES = ['light', 'dark', 'contrast'] as const;
export type ProjectorTheme = (typeof PROJECTOR_THEMES)[number];
/** `auto` condenses cards when a column holds many; `compact` always clamps cards to two lines. */
export const PROJECTOR_DENSITIES = ['auto', 'comfortable', 'compact'] as const;
export type ProjectorDensity = (typeof PROJECTOR_DENSITIES)[number];

/** How the projector looks; set by the moderator, stored on the board so every projector follows. */
export interface ProjectorStyle {
  projectorLang: ProjectorLang;
  projectorTheme: ProjectorTheme;
  projectorLargeText: boolean;
  projectorDensity: ProjectorDensity;
}

export const DEFAULT_PROJECTOR_STYLE: ProjectorStyle = {
  projectorLang: 'auto',
  projectorTheme: 'light',
  projectorLargeText: false,
  projectorDensity: 'auto'
};

// ---- Audience participation ------------------------------------------------------------

/** Reactions the moderator may allow; the default set has no derisive emoji. */
export const REACTION_CHOICES = ['👍', '❤️', '👏', '🤔', '❓', '💡', '🎉', '🙌', '😮', '👎'] as const;
export type Reaction = (typeof REACTION_CHOICES)[number];
export const DEFAULT_REACTIONS: readonly Reaction[] = ['👍', '❤️', '👏', '🤔', '❓'];

export const DEFAULT_VOTE_BUDGET = 5;
export const MAX_VOTE_BUDGET = 100;
export const MAX_COMMENT_TEXT = 300;
/** Nicknames are optional; when given, 2–30 characters. */
export const MIN_NICKNAME = 2;
export const MAX_NICKNAME = 30;

/** How the audience may take part; set by the moderator, stored in the board's meta. */
export interface BoardSettings {
  /** Audience submissions wait in the moderator's queue until approved (default on). */
  preModeration: boolean;
  /** Dot votes per participant on this board; null means unlimited. */
  voteBudget: number | null;
  /** Whether the audience may comment on cards. */
  commentsAllowed: boolean;
  /** The reactions offered to the audience. */
  reactions: Reaction[];
}

export const DEFAULT_SETTINGS: BoardSettings = {
  preModeration: true,
  voteBudget: DEFAULT_VOTE_BUDGET,
  commentsAllowed: false,
  reactions: [...DEFAULT_REACTIONS]
};

/** Public moderation counters, mirrored from the moderator-only queue into the board's meta. */
export interface QueueCounts {
  pending: number;
  approved: number;
  rejected: number;
}

export const REJECT_REASONS = ['off-topic', 'duplicate', 'personal-data', 'inappropriate'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A comment on a card (stored in the full document; hidden ones never reach the public one). */
export interface Comment {
  id: string;
  cardId: string;
  text: string;
  author: string;
  /** Whether the author agreed to show `author` on the public outputs (docs/privacy.md §5). */
  nameConsent: boolean;
  orgId: string | null;
  createdAt: number;
  hidden: boolean;
  /** Epoch ms of the moderator's last redaction (comment:redact); absent when never redacted. */
  redactedAt?: number;
}

export const MAX_POLL_QUESTION = 200;
export const MAX_POLL_OPTION = 120;
export const MAX_POLL_OPTIONS = 10;

/**
 * What a poll asks for: one or several of its options (choice), a point on a 1–5 or 1–10 scale
 * (scale: its options are the points, o1 = 1 …), or short free-text answers that the moderator
 * approves one by one before the hall sees them: a word cloud (words) or cards (open).
 */
export const POLL_KINDS = ['choice', 'scale', 'words', 'open'] as const;
export type PollKind = (typeof POLL_KINDS)[number];
export type TextPollKind = Extract<PollKind, 'words' | 'open'>;
export const isTextPoll = (kind: PollKind): kind is TextPollKind => kind === 'words' || kind === 'open';
export const SCALE_MAXES = [5, 10] as const;
export type ScaleMax = (typeof SCALE_MAXES)[number];
/** The longest answer of each free-text kind, in characters. */
export const MAX_POLL_ANSWER: Record<TextPollKind, number> = { words: 40, open: 280 };
/** How many answers one device may give to one free-text poll (rejected ones count too). */
export const ANSWERS_PER_DEVICE: Record<TextPollKind, number> = { words: 3, open: 2 };

/** An approved free-text answer, as the board document holds it (pending ones: queue.ts). */
export interface PollAnswer {
  id: string;
  pollId: string;
  text: string;
  /** Epoch ms of the approval. */
  at: number;
}

export interface PollOption {
  id: string;
  text: string;
  /** The card this option was taken from, if any. */
  cardId: string | null;
}

export interface Poll {
  id: string;
  question: string;
  /** 'choice' for polls made before the other kinds existed. */
  kind: PollKind;
  multiple: boolean;
  options: PollOption[];
  open: boolean;
  createdAt: number;
  closedAt: number | null;
  /** Epoch ms of the moderator's last redaction (poll:redact); absent when never redacted. */
  redactedAt?: number;
}

/** Where an audience submission stands, as its submitter sees it (server-side states). */
export const SUBMISSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export type SubmissionContent = { type: 'card'; kind: CardKind; text: string; topicId: string | null } | { type: 'comment'; cardId: string; text: string };

/** One audience submission, as kept in the moderator-only queue document. */
export interface Submission {
  id: string;
  content: SubmissionContent;
  author: string;
  /** The submitter's consent to show `author` on the public outputs; carried to the card or comment. */
  nameConsent: boolean;
  orgId: string | null;
  /** Derived from the submitter's participant key (identity.ts); never shown to the audience. */
  submitterKey: string;
  status: SubmissionStatus;
  reason: RejectReason | null;
  createdAt: number;
  decidedAt: number | null;
  /** The card or comment it became, once approved (or the card it was merged into). */
  resultId: string | null;
  /** Machine translations of the submitted text, for the moderator (translations.ts). */
  translations?: TextTranslations | null;
}

export const MODERATION_ACTIONS = ['approve', 'edit-approve', 'merge', 'reject', 'redact', 'votes-reset', 'comment-hide', 'comment-restore', 'withdraw'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** One line of the moderation log: who did what when, with the reason. */
export interface ModerationLogEntry {
  at: number;
  action: ModerationAction;
  /** The moderator's display label (never a device id). */
  by: string;
  submissionId: string | null;
  cardId: string | null;
  reason: RejectReason | null;
}

export interface BoardMeta extends ProjectorStyle, BoardSettings {
  title: string;
  locked: boolean;
  spotlight: string | null;
  projector: ProjectorView;
  timer: Timer | null;
  /** The poll shown on the projector and offered to the audience, if any. */
  activePoll: string | null;
  queueCounts: QueueCounts;
}

/** A plain, immutable picture of the whole board, for rendering and exports. */
export interface BoardState {
  meta: BoardMeta;
  topics: Topic[];
  orgs: Org[];
  cards: Card[];
  clusters: Cluster[];
  /** cardId → pseudonymous voter keys (identity.ts voterKey, unlinkable to authorKey). */
  votes: Map<string, Set<string>>;
  /** Question cardId → voter keys of its upvotes (questions.ts; apart from the dot-vote budget). */
  upvotes: Map<string, Set<string>>;
  /** Comments in creation order. */
  comments: Comment[];
  /** Polls in creation order. */
  polls: Poll[];
  /** pollId → voter key → chosen option ids. */
  pollVotes: Map<string, Map<string, string[]>>;
  /** pollId → approved free-text answers, oldest first. */
  pollAnswers: Map<string, PollAnswer[]>;
}
