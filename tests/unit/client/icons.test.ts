import { describe, expect, it } from 'vitest';
import { ICONS, iconPath, type IconName } from '../../../src/lib/components/icons.js';

describe('icon paths', () => {
  it('join an icon’s strokes into one path, each starting where it did on its own', () => {
    expect(iconPath('pause')).toBe('M8 5v14M16 5v14');
    // A relative first move is relative to the origin on its own: after another stroke it must be too.
    expect(iconPath('upload')).toBe('M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4M0 0m17 8-5-5-5 5M12 3v12');
    expect(iconPath('check')).toBe('M0 0m5 12 5 5L20 7');
  });

  it('keeps every stroke of every icon', () => {
    for (const name of Object.keys(ICONS) as IconName[]) {
      const path = iconPath(name);
      for (const stroke of ICONS[name]) expect(path).toContain(stroke);
      expect(path.match(/[Mm]/g)?.length).toBe(ICONS[name].length + ICONS[name].filter((d) => d.startsWith('m')).length);
    }
  });
});
