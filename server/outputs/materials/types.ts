/**
 * Which files an event may hold, told apart by their content (magic bytes), never by their
 * name: PDF, PNG and JPEG by signature; OOXML (DOCX, PPTX, XLSX) and ODF (ODT, ODP) are zip
 * archives, recognised by `[Content_Types].xml` plus their main part, or by the `mimetype` entry.
 * Zips are probed without inflating more than a hundred bytes (zip-probe.ts).
 */
import { probeZip, type ByteSource } from './zip-probe.js';

export const MATERIAL_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  odp: 'application/vnd.oasis.opendocument.presentation'
} as const;
export type MaterialExt = keyof typeof MATERIAL_TYPES;

const startsWith = (bytes: Uint8Array, sig: readonly number[]): boolean => sig.every((b, i) => bytes[i] === b);

const OOXML_PARTS: ReadonlyArray<[string, MaterialExt]> = [
  ['word/document.xml', 'docx'],
  ['ppt/presentation.xml', 'pptx'],
  ['xl/workbook.xml', 'xlsx']
];
const ODF_TYPES: Record<string, MaterialExt> = { [MATERIAL_TYPES.odt]: 'odt', [MATERIAL_TYPES.odp]: 'odp' };

const ZIP_NAMES: ReadonlySet<string> = new Set(['[Content_Types].xml', ...OOXML_PARTS.map(([part]) => part)]);

async function detectZip(src: ByteSource): Promise<MaterialExt | null> {
  const zip = await probeZip(src, ZIP_NAMES);
  if (!zip) return null;
  if (zip.mimetype !== null) return ODF_TYPES[zip.mimetype.trim()] ?? null;
  if (!zip.names.has('[Content_Types].xml')) return null;
  return OOXML_PARTS.find(([part]) => zip.names.has(part))?.[1] ?? null;
}

/** The material type of a file's content, or null when it is not an allowed type. */
export async function detectMaterialType(src: ByteSource): Promise<MaterialExt | null> {
  const head = new Uint8Array(8);
  let got = 0;
  if (src.size > 0) {
    for await (const c of src.read(0, Math.min(src.size, 8) - 1)) {
      head.set(c.subarray(0, 8 - got), got);
      got += Math.min(c.length, 8 - got);
    }
  }
  const bytes = head.subarray(0, got);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectZip(src);
  return null;
}

const MAX_NAME = 120;

/**
 * A safe display and download name: no directories (either slash), no control or reserved
 * characters, no leading dots, at most 120 characters, and always the extension of the
 * detected type (a spoofed `.pdf` on a PNG becomes `.png`).
 */
export function sanitizeName(raw: string, ext: MaterialExt): string {
  const base = (raw.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
  const stem = base
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim()
    .slice(0, MAX_NAME - ext.length - 1)
    .trim();
  return `${stem || 'material'}.${ext}`;
}
