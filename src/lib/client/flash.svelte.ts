/** One short-lived message (an action's failure or confirmation) shown in a status region. */
export class Flash {
  #message = $state.raw<{ text: string; tone: 'info' | 'error'; seq: number } | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;

  get message(): { text: string; tone: 'info' | 'error'; seq: number } | null {
    return this.#message;
  }

  show(text: string, tone: 'info' | 'error' = 'info', ms = 4500): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#message = { text, tone, seq: (this.#message?.seq ?? 0) + 1 };
    this.#timer = setTimeout(() => (this.#message = null), ms);
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}
