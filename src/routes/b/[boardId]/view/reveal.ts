/**
 * Brings an element of the phone's page into view and gives it the focus (a submission just
 * sent, the card a submission became); `smooth` scrolls smoothly unless the reader asked for less motion.
 */
export function reveal(el: HTMLElement | null, smooth = true): void {
  const still = !smooth || matchMedia('(prefers-reduced-motion: reduce)').matches;
  el?.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
  el?.focus({ preventScroll: true });
}
