/** Extracts a PDF's text with poppler's pdftotext; fails with the install command when it is missing. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const INSTALL = 'sudo apt-get install -y poppler-utils';

function tool(name: string): string {
  for (const dir of ['/usr/bin', '/usr/local/bin', '/bin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  throw new Error(`${name} is missing (Debian's poppler-utils). Install it with: ${INSTALL}`);
}

export function pdfText(pdf: Buffer): string {
  return execFileSync(tool('pdftotext'), ['-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

export function pdfPages(pdf: Buffer): number {
  const info = execFileSync(tool('pdfinfo'), ['-'], { input: pdf }).toString('utf8');
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** The text of page `n` (1-based) alone. */
export function pdfPageText(pdf: Buffer, n: number): string {
  return execFileSync(tool('pdftotext'), ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), '-', '-'], { input: pdf }).toString('utf8');
}

/** pdfinfo's Title, and each page's width and height in points. */
export function pdfInfo(pdf: Buffer): { title: string; pages: Array<{ width: number; height: number }> } {
  const info = execFileSync(tool('pdfinfo'), ['-f', '1', '-l', '9999', '-'], { input: pdf }).toString('utf8');
  const title = /^Title:\s+(.*)$/m.exec(info)?.[1] ?? '';
  const pages = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
  return { title, pages };
}

/** The text with its layout kept (pdftotext -layout): a table's label and number stay on one line. */
export function pdfLayoutText(pdf: Buffer): string {
  return execFileSync(tool('pdftotext'), ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}
