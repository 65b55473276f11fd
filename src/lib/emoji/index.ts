/**
 * The reaction set's glyphs as images that need no emoji font (a kiosk PC driving a projector has
 * none, and shows empty boxes). The emoji character stays the image's text alternative.
 */
import type { Reaction } from '../board/types.js';
import { GLYPH_SVG } from './glyphs.js';

const urls = new Map<string, string>(Object.entries(GLYPH_SVG).map(([emoji, svg]) => [emoji, `data:image/svg+xml,${encodeURIComponent(svg)}`]));

/** A data URL of the emoji's SVG, or null for an emoji outside the reaction set. */
export function glyphUrl(emoji: Reaction | string): string | null {
  return urls.get(emoji) ?? null;
}
