import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectMaterialType, sanitizeName } from '../../../../server/materials/types.js';

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

describe('material type by content', () => {
  it('recognises each allowed type by its bytes', () => {
    expect(detectMaterialType(strToU8('%PDF-1.7\n'))).toBe('pdf');
    expect(detectMaterialType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(detectMaterialType(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpg');
    expect(detectMaterialType(zip({ '[Content_Types].xml': '', 'word/document.xml': '' }))).toBe('docx');
    expect(detectMaterialType(zip({ '[Content_Types].xml': '', 'ppt/presentation.xml': '' }))).toBe('pptx');
    expect(detectMaterialType(zip({ '[Content_Types].xml': '', 'xl/workbook.xml': '' }))).toBe('xlsx');
    expect(detectMaterialType(zip({ mimetype: 'application/vnd.oasis.opendocument.text' }))).toBe('odt');
    expect(detectMaterialType(zip({ mimetype: 'application/vnd.oasis.opendocument.presentation' }))).toBe('odp');
  });

  it('refuses everything else, zips without the telltale entries included', () => {
    expect(detectMaterialType(strToU8('<svg/>'))).toBeNull();
    expect(detectMaterialType(strToU8('MZ'))).toBeNull();
    expect(detectMaterialType(zip({ 'word/document.xml': '' }))).toBeNull();
    expect(detectMaterialType(zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet' }))).toBeNull();
    expect(detectMaterialType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
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
