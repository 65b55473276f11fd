/**
 * The reaction set's glyphs as images that need no emoji font (a kiosk PC driving a projector has
 * none, and shows empty boxes). The files are Twemoji SVGs served from static/emoji/ (copied by
 * scripts/emoji-glyphs.ts), fetched only for the reactions a page shows, so the page's JavaScript
 * does not grow with them. The emoji character stays the image's text alternative.
 */
import { REACTION_CHOICES } from '../board/types.js';
import { twemojiName } from './names.js';

const shipped = new Set<string>(REACTION_CHOICES);

/** The URL of the emoji's SVG, or null for an emoji outside the reaction set. */
export function glyphUrl(emoji: string): string | null {
  return shipped.has(emoji) ? `/emoji/${twemojiName(emoji)}.svg` : null;
}
