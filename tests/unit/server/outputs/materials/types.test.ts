import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectMaterialType, sanitizeName } from '../../../../../server/outputs/materials/types.js';
import { bytesSource, type ByteSource } from '../../../../../server/outputs/materials/zip-probe.js';
import { deflatedZeros, mimetypeBomb, storedEntry, zipOf } from '../../../../helpers/zip-bomb.js';

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
const detect = (bytes: Uint8Array) => detectMaterialType(bytesSource(bytes));

/** A source that counts the bytes read from it. */
function counting(bytes: Uint8Array): ByteSource & { read: ByteSource['read']; bytesRead: () => number } {
  let total = 0;
  return {
    size: bytes.length,
    async *read(start, end) {
      total += end - start + 1;
      yield bytes.subarray(start, end + 1);
    },
    bytesRead: () => total
  };
}

describe('material type by content', () => {
  it('recognises each allowed type by its bytes', async () => {
    expect(await detect(strToU8('%PDF-1.7\n'))).toBe('pdf');
    expect(await detect(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(await detect(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpg');
    expect(await detect(zip({ '[Content_Types].xml': '', 'word/document.xml': '' }))).toBe('docx');
    expect(await detect(zip({ '[Content_Types].xml': '', 'ppt/presentation.xml': '' }))).toBe('pptx');
    expect(await detect(zip({ '[Content_Types].xml': '', 'xl/workbook.xml': '' }))).toBe('xlsx');
    expect(await detect(zip({ mimetype: 'application/vnd.oasis.opendocument.text' }))).toBe('odt');
    expect(await detect(zip({ mimetype: 'application/vnd.oasis.opendocument.presentation' }))).toBe('odp');
    expect(await detect(zipOf([storedEntry('mimetype', 'application/vnd.oasis.opendocument.text')]))).toBe('odt');
  });

  it('refuses everything else, zips without the telltale entries included', async () => {
    expect(await detect(strToU8('<svg/>'))).toBeNull();
    expect(await detect(strToU8('MZ'))).toBeNull();
    expect(await detect(new Uint8Array())).toBeNull();
    expect(await detect(zip({ 'word/document.xml': '' }))).toBeNull();
    expect(await detect(zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet' }))).toBeNull();
    expect(await detect(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
  });

  it('inflates no more than about a hundred bytes of a mimetype bomb, and reads only its ends', async () => {
    const bomb = counting(mimetypeBomb(256 * 1024 ** 2));
    const started = performance.now();
    expect(await detectMaterialType(bomb)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
    expect(bomb.bytesRead()).toBeLessThan(70 * 1024 + 8);
  });

  it('recognises a deflated mimetype (a writer that compresses it)', async () => {
    expect(await detect(zip({ mimetype: 'application/vnd.oasis.opendocument.presentation', 'content.xml': '<x/>' }))).toBe('odp');
    const lying = zipOf([{ name: 'mimetype', data: deflatedZeros(4096), method: 8, claimedSize: 40 }]);
    expect(await detect(lying)).toBeNull();
  });

  it('refuses a zip listing more entries than any office file has', async () => {
    const entries = Array.from({ length: 50_001 }, (_, i) => storedEntry(`${i}`, ''));
    expect(await detect(zipOf([storedEntry('[Content_Types].xml', ''), storedEntry('word/document.xml', ''), ...entries]))).toBeNull();
  });
});

describe('material names', () => {
  it('keep only a safe base name with the detected extension', () => {
    expect(sanitizeName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(sanitizeName('C:\\Users\\x\\Zpráva.docx', 'docx')).toBe('Zpráva.docx');
    expect(sanitizeName('photo.pdf', 'png')).toBe('photo.png');
    expect(sanitizeName('a<b>:c|d?.pdf', 'pdf')).toBe('abcd.pdf');
    expect(sanitizeName('', 'jpg')).toBe('material.jpg');
    expect(sanitizeName('x'.repeat(300) + '.pdf', 'pdf').length).toBeLessThanOrEqual(120);
  });
});
