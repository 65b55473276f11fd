/**
 * Hiding a card removes it from its column, and the keyboard focus with it. These helpers note
 * the cards around it before the action and, once it is gone, put the focus on the same control
 * of the card that took its place (or the one before it), else on the hidden cards' section.
 */

const inColumn = (cardId: string): string => `[data-testid=column] li[data-card-id="${CSS.escape(cardId)}"]`;

/** The ids of the cards after and before `cardId` in its column, nearest first. */
export function neighboursOf(cardId: string): string[] {
  const item = document.querySelector(inColumn(cardId));
  const list = item?.parentElement;
  if (!item || !list) return [];
  const items = [...list.querySelectorAll(':scope > li[data-card-id]')];
  const at = items.indexOf(item);
  return [items[at + 1], items[at - 1]].flatMap((el) => el?.getAttribute('data-card-id') ?? []);
}

export interface RefocusOptions {
  /** The card that is leaving its column. */
  cardId: string;
  /** Candidates to take the focus, from `neighboursOf`. */
  neighbours: string[];
  /** The control to focus in a neighbour, e.g. `[data-testid=hide-button]`. */
  control: string;
  /** Focused when no neighbour is left. */
  fallback: () => HTMLElement | null;
  /** How long to wait for the card to leave (it does once the board update arrives). */
  timeoutMs?: number;
}

export function refocusWhenGone({ cardId, neighbours, control, fallback, timeoutMs = 5_000 }: RefocusOptions): void {
  const deadline = performance.now() + timeoutMs;
  const step = (): void => {
    if (document.querySelector(inColumn(cardId))) {
      if (performance.now() < deadline) requestAnimationFrame(step);
      return;
    }
    // The user has moved on meanwhile: leave the focus where they put it.
    if (document.activeElement && document.activeElement !== document.body) return;
    const target = neighbours.map((id) => document.querySelector<HTMLElement>(`${inColumn(id)} ${control}`)).find((el) => el) ?? fallback();
    target?.focus();
  };
  requestAnimationFrame(step);
}
