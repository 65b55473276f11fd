// Copies the reaction set's glyphs from @twemoji/svg into static/emoji/, so reactions draw the
// same everywhere, also on a kiosk PC with no emoji font. Only the glyphs of REACTION_CHOICES
// are copied (ten files, about 14 KB, fetched by the page only for the reactions it shows), not
// the package's 3,700. Run after changing REACTION_CHOICES or updating the package:
//   node --import tsx scripts/emoji-glyphs.ts          (copies the files)
//   node --import tsx scripts/emoji-glyphs.ts --check  (fails when a copy is missing or differs)
// The graphics are Twemoji (CC-BY 4.0); see the README's "Emoji" note.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REACTION_CHOICES } from '../src/lib/board/types.js';
import { twemojiName } from '../src/lib/emoji/names.js';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@twemoji/svg/package.json'));
const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
const target = fileURLToPath(new URL('../static/emoji/', import.meta.url));
const check = process.argv.includes('--check');

mkdirSync(target, { recursive: true });
const stale: string[] = [];
for (const emoji of REACTION_CHOICES) {
  const name = `${twemojiName(emoji)}.svg`;
  const svg = readFileSync(join(pkgDir, name));
  const copy = join(target, name);
  if (!check) writeFileSync(copy, svg);
  else if (!existsSync(copy) || !readFileSync(copy).equals(svg)) stale.push(name);
}
if (stale.length > 0) {
  console.error(`static/emoji/ differs from @twemoji/svg ${version} (${stale.join(', ')}): run node --import tsx scripts/emoji-glyphs.ts`);
  process.exit(1);
}
console.log(`${check ? 'checked' : 'copied'} ${REACTION_CHOICES.length} glyphs of @twemoji/svg ${version} in static/emoji/`);
