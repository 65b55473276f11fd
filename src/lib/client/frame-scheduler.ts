/**
 * Coalesces a burst of document updates into one refresh per animation frame: the first
 * request asks for a frame, later ones before it runs change nothing. After `cancel()` no
 * refresh runs again (the connection was destroyed).
 */
export interface FrameScheduler {
  request(): void;
  cancel(): void;
}

export function frameScheduler(refresh: () => void): FrameScheduler {
  let frame = 0;
  let cancelled = false;
  return {
    request() {
      if (frame !== 0 || cancelled) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        refresh();
      });
    },
    cancel() {
      cancelled = true;
      cancelAnimationFrame(frame);
      frame = 0;
    }
  };
}
