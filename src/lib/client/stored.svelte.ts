/** A small JSON value persisted in localStorage, exposed as reactive state. */
export class Stored<T> {
  #value = $state() as T;
  readonly #key: string;

  constructor(key: string, fallback: T, valid: (v: unknown) => v is T) {
    this.#key = key;
    let initial = fallback;
    try {
      const raw = localStorage.getItem(key);
      const parsed: unknown = raw === null ? undefined : JSON.parse(raw);
      if (valid(parsed)) initial = parsed;
    } catch {
      // Unreadable or blocked storage: start from the fallback.
    }
    this.#value = initial;
  }

  get value(): T {
    return this.#value;
  }

  set(value: T): void {
    this.#value = value;
    try {
      localStorage.setItem(this.#key, JSON.stringify(value));
    } catch {
      // Keep the value for this tab only.
    }
  }
}
