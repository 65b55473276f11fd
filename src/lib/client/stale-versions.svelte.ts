/**
 * A writer's own versions of cards whose offline edits the server stripped because the
 * moderator had changed them meanwhile (W10, docs/privacy.md §1). Kept in localStorage beside
 * the board's offline copy, so they survive a reload, until the writer resubmits or discards
 * them. Only this device holds them: the server strips them and hands them back to the writer alone.
 */
import { isCardKind } from '$lib/board/layout.js';
import type { CardKind } from '$lib/board/types.js';
import { Stored } from './stored.svelte.js';

export interface StaleVersion {
  text: string;
  kind: CardKind;
  /** When the server refused it (epoch ms). */
  at: number;
}

type Versions = Record<string, StaleVersion>;

/** At most this many cards' versions are kept (the oldest go first). */
const MAX_KEPT = 200;

const isVersion = (v: unknown): v is StaleVersion => {
  if (typeof v !== 'object' || v === null) return false;
  const { text, kind, at } = v as Partial<StaleVersion>;
  return typeof text === 'string' && isCardKind(kind) && typeof at === 'number';
};

const isVersions = (v: unknown): v is Versions => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isVersion);

export class StaleVersions {
  readonly #stored: Stored<Versions>;

  constructor(boardId: string, participantKey: string) {
    this.#stored = new Stored<Versions>(`panel-board:stale:${boardId}:${participantKey}`, {}, isVersions);
  }

  get(cardId: string): StaleVersion | undefined {
    return Object.hasOwn(this.#stored.value, cardId) ? this.#stored.value[cardId] : undefined;
  }

  /** Keeps these versions (a later one of a card replaces the earlier). */
  keep(versions: Record<string, StaleVersion>): void {
    const next = Object.entries({ ...this.#stored.value, ...versions })
      .sort(([, a], [, b]) => b.at - a.at)
      .slice(0, MAX_KEPT);
    this.#stored.set(Object.fromEntries(next));
  }

  forget(cardId: string): void {
    if (!this.get(cardId)) return;
    const { [cardId]: _dropped, ...rest } = this.#stored.value;
    this.#stored.set(rest);
  }
}
