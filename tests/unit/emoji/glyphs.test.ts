/** Every reaction the app offers has its glyph shipped in static/emoji/, under Twemoji's file name. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REACTION_CHOICES } from '../../../src/lib/board/types.js';
import { glyphUrl } from '../../../src/lib/emoji/index.js';
import { twemojiName } from '../../../src/lib/emoji/names.js';

describe('reaction glyphs', () => {
  it('names files as Twemoji does: code points in hex, U+FE0F dropped outside ZWJ sequences', () => {
    expect(twemojiName('👍')).toBe('1f44d');
    expect(twemojiName('❤️')).toBe('2764');
    expect(twemojiName('❤️‍🔥')).toBe('2764-fe0f-200d-1f525');
  });

  it('ships an SVG for every reaction choice, and offers none for other emoji', () => {
    for (const emoji of REACTION_CHOICES) {
      const url = glyphUrl(emoji);
      expect(url).toMatch(/^\/emoji\/[0-9a-f-]+\.svg$/);
      const file = new URL(`../../../static${url}`, import.meta.url);
      expect(existsSync(file), `${emoji} at static${url}`).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 36 36"/);
    }
    expect(glyphUrl('🦄')).toBeNull();
  });
});
