/** The board's domain types. The Y.Doc layout that stores them is in `layout.ts`. */

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
  /** Pseudonymous participant key (see identity.ts), never a device id. */
  authorKey: string;
  topicId: string | null;
  /** Sort key inside a topic column; smaller first. */
  order: number;
  createdAt: number;
  updatedAt: number;
  hidden: boolean;
  clusterId: string | null;
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

export const PROJECTOR_MODES = ['board', 'topic', 'org', 'top', 'matrix'] as const;
export type ProjectorModeName = (typeof PROJECTOR_MODES)[number];

export type ProjectorView =
  | { mode: 'board' }
  | { mode: 'topic'; topicId: string }
  | { mode: 'org'; orgId: string }
  | { mode: 'top'; limit: number }
  | { mode: 'matrix' };

/** A countdown: running when `startedAt` is set, paused otherwise. */
export interface Timer {
  label: string;
  durationMs: number;
  /** Epoch ms when the current run started, or null when paused/stopped. */
  startedAt: number | null;
  /** Time left when last paused (equals durationMs before the first start). */
  remainingMs: number;
}

/** The projector's language: the board's `auto` follows the projector browser; `both` shows labels in Czech and English. */
export const PROJECTOR_LANGS = ['auto', 'cs', 'en', 'both'] as const;
export type ProjectorLang = (typeof PROJECTOR_LANGS)[number];
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

export interface BoardMeta extends ProjectorStyle {
  title: string;
  locked: boolean;
  spotlight: string | null;
  projector: ProjectorView;
  timer: Timer | null;
}

/** A plain, immutable picture of the whole board, for rendering and exports. */
export interface BoardState {
  meta: BoardMeta;
  topics: Topic[];
  orgs: Org[];
  cards: Card[];
  clusters: Cluster[];
  /** cardId → pseudonymous voter keys. */
  votes: Map<string, Set<string>>;
}
