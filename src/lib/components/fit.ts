/**
 * Fits an element's type to its box: the largest size between `min` and `max` px at which its
 * content neither overflows nor wraps out of it (a binary search of a few steps). For single
 * elements that change seldom: the header's title, the spotlight, the matrix, the poll. The
 * board itself is paged by Pager.svelte, which measures without reading layout per change.
 */
import type { Attachment } from 'svelte/attachments';

// Two pixels of slack: scroll sizes round up, client sizes down, and a line box may round a pixel over.
const fits = (el: HTMLElement): boolean => el.scrollHeight <= el.clientHeight + 2 && el.scrollWidth <= el.clientWidth + 2;

export function fitType(min: number, max: number, content: unknown): Attachment<HTMLElement> {
  void content;
  return (el) => {
    // Measured sizes must be the sizes set: a transition (reduced motion turns each one into
    // 0.01 ms over every property) kept the old line height while the type shrank, and nothing fitted.
    el.style.transition = 'none';
    const fit = (): void => {
      let lo = min;
      let hi = max;
      el.style.fontSize = `${hi}px`;
      if (fits(el)) return;
      for (let i = 0; i < 8 && hi - lo > 0.5; i++) {
        const mid = (lo + hi) / 2;
        el.style.fontSize = `${mid}px`;
        if (fits(el)) lo = mid;
        else hi = mid;
      }
      el.style.fontSize = `${Math.floor(lo * 2) / 2}px`;
      el.dataset.fit = fits(el) ? 'whole' : 'floor';
    };
    let frame = requestAnimationFrame(fit);
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    });
    ro.observe(el.parentElement ?? el);
    // A web font arriving changes the text's size but not the box's: fit again.
    const refit = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    };
    document.fonts?.addEventListener('loadingdone', refit);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      document.fonts?.removeEventListener('loadingdone', refit);
    };
  };
}
