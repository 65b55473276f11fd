/** DejaVu Sans, embedded in every PDF: the 14 standard PDF fonts have no ě, ř or ů. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
export const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');
