/**
 * The replay's play button, without the DOM: steps from the moment shown (or from the first one
 * when the current state is shown) to the current state, one moment per delay, waiting for
 * each moment to arrive before the next. Stopped by the button, by the person moving the slider,
 * or by the component going away; timers are passed in for tests.
 */
export interface PlayerPorts {
  /** Shows moment `index` (`last()` is the current state); resolves once it is drawn. */
  show(index: number): Promise<void>;
  position(): number;
  last(): number;
  delay(): number;
  onchange(playing: boolean): void;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Player {
  toggle(): void;
  stop(): void;
}

/** A whole session plays in about 20 s: at most a second per moment, at least a quarter. */
export const stepDelay = (moments: number): number => Math.round(Math.min(1000, Math.max(250, 20_000 / Math.max(1, moments))));

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export function createPlayer(ports: PlayerPorts): Player {
  const wait = ports.wait ?? sleep;
  let run: AbortController | null = null;

  async function play(signal: AbortSignal): Promise<void> {
    let index = ports.position() >= ports.last() ? 0 : ports.position() + 1;
    while (!signal.aborted) {
      await ports.show(index);
      if (signal.aborted || index >= ports.last()) break;
      await wait(ports.delay(), signal);
      index += 1;
    }
    if (!signal.aborted) stop();
  }

  function stop(): void {
    if (!run) return;
    run.abort();
    run = null;
    ports.onchange(false);
  }

  return {
    stop,
    toggle() {
      if (run) return stop();
      run = new AbortController();
      ports.onchange(true);
      void play(run.signal);
    }
  };
}
