/** Materials over HTTP: type by content, safe names, size limits, aborted uploads, rename/reorder/delete, download. */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MaterialRecord } from '../../../server/outputs/materials/material-store.js';
import { createTestEvent, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { waitFor } from '../../../support/wait.js';
import { serverTest } from '../../fixtures.js';

const MAX_FILE = 4000;
const MAX_EVENT = 9000;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const DOCX = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
const PPTX = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'ppt/presentation.xml': strToU8('<p/>') }));
const ODT = Buffer.from(zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<office/>') }));
const PLAIN_ZIP = Buffer.from(zipSync({ 'readme.txt': strToU8('hello') }));
const HTML = Buffer.from('<html><script>alert(1)</script></html>');

let ts: TestServer;
let ev: TestEvent;
const base = () => `${ts.url}/api/events/${ev.response.eventId}/materials`;
const upload = (name: string, body: Buffer, token = ev.tokens.moderator) =>
  fetch(`${base()}?t=${token}&name=${encodeURIComponent(name)}`, { method: 'POST', body: new Uint8Array(body) });
const tmpFiles = () => readdir(join(ts.dataDir, 'materials', '.tmp')).catch(() => [] as string[]);
const list = async () => ((await (await fetch(`${base()}?t=${ev.tokens.moderator}`)).json()) as { materials: MaterialRecord[] }).materials;

serverTest.override('serverOptions', { env: { LIMIT_MAX_MATERIAL_BYTES: String(MAX_FILE), LIMIT_MAX_EVENT_MATERIAL_BYTES: String(MAX_EVENT) } });

serverTest.beforeAll(async ({ server }) => {
  ts = server;
  ev = await createTestEvent(ts.url);
});

describe('material uploads', () => {
  it('accept each allowed type, recognised by content', async () => {
    const cases: Array<[string, Buffer, string]> = [
      ['Program konference.pdf', PDF, 'application/pdf'],
      ['fotka.png', PNG, 'image/png'],
      ['foto.jpeg', JPEG, 'image/jpeg'],
      ['zápis.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['slajdy.pptx', PPTX, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
      ['text.odt', ODT, 'application/vnd.oasis.opendocument.text']
    ];
    for (const [name, body, mime] of cases) {
      const res = await upload(name, body);
      expect(res.status, name).toBe(201);
      const m = (await res.json()) as MaterialRecord;
      expect(m.mime).toBe(mime);
      expect(m, 'where the bytes are stays on the server').not.toHaveProperty('blob');
      expect(m.name).toBe(name.normalize('NFC').replace(/\.jpeg$/, '.jpg'));
      expect(m.size).toBe(body.byteLength);
    }
    expect((await list()).map((m) => m.name)).toEqual(['Program konference.pdf', 'fotka.png', 'foto.jpg', 'zápis.docx', 'slajdy.pptx', 'text.odt']);
  });

  it('refuse content of another type, whatever the name says', async () => {
    for (const [name, body] of [
      ['page.pdf', HTML],
      ['archive.docx', PLAIN_ZIP],
      ['x.png', Buffer.from('MZ\x90\x00 not an image')]
    ] as const) {
      const res = await upload(name, body);
      expect(res.status, name).toBe(415);
      expect(((await res.json()) as { reason: string }).reason).toBe('unsupported-type');
    }
    expect(await tmpFiles()).toEqual([]);
  });

  it('name a spoofed extension after the real type', async () => {
    const m = (await (await upload('invoice.pdf', PNG)).json()) as MaterialRecord;
    expect(m.mime).toBe('image/png');
    expect(m.name).toBe('invoice.png');
    await fetch(`${base()}/${m.id}?t=${ev.tokens.moderator}`, { method: 'DELETE' });
  });

  it('strip directories and control characters from names (path traversal)', async () => {
    for (const [raw, expected] of [
      ['../../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\windows\\system.ini.pdf', 'system.ini.pdf'],
      ['\u0000\u0007.hidden.pdf', 'hidden.pdf'],
      ['...', 'material.pdf']
    ]) {
      const m = (await (await upload(raw, PDF)).json()) as MaterialRecord;
      expect(m.name).toBe(expected);
      await fetch(`${base()}/${m.id}?t=${ev.tokens.moderator}`, { method: 'DELETE' });
    }
    // Files are named by their blob id alone; nothing of the uploaded name reaches the disk.
    const stored = (await readdir(join(ts.dataDir, 'materials'))).filter((f) => f !== '.tmp');
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect(f).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('refuse a file over the per-file limit, declared or streamed, leaving no partial file', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_FILE)]);
    const declared = await upload('big.pdf', big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { reason: string }).reason).toBe('too-large');
    const streamed = await fetch(`${base()}?t=${ev.tokens.moderator}&name=big.pdf`, {
      method: 'POST',
      body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(big)), c.close()) }),
      duplex: 'half'
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuse a file that would take the event over its total limit', async () => {
    const used = (await list()).reduce((s, m) => s + m.size, 0);
    const fill = Buffer.concat([PDF, Buffer.alloc(MAX_FILE - PDF.byteLength - 10)]);
    let last: Response | null = null;
    for (let total = used; total + fill.byteLength <= MAX_EVENT; total += fill.byteLength) expect((last = await upload('fill.pdf', fill)).status).toBe(201);
    void last;
    const over = await upload('one-too-many.pdf', fill);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { message: string }).message).toMatch(/in all/);
  });

  it('leave no partial file when the upload is interrupted', async () => {
    await new Promise<void>((resolve) => {
      const req = request(`${base()}?t=${ev.tokens.moderator}&name=cut.pdf`, { method: 'POST', headers: { 'content-length': '3000' } });
      req.on('error', () => resolve());
      req.write(PDF);
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await waitFor(async () => (await tmpFiles()).length === 0, 'the temp file to be removed');
  });

  it('are moderator-only', async () => {
    expect((await upload('x.pdf', PDF, ev.tokens.panelist)).status).toBe(403);
    expect((await upload('x.pdf', PDF, 'nope')).status).toBe(401);
  });
});

describe('managing materials', () => {
  it('renames, describes and reorders; the extension stays the real one', async () => {
    const [first, second] = await list();
    const patch = (id: string, body: unknown) =>
      fetch(`${base()}/${id}?t=${ev.tokens.moderator}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const renamed = (await (await patch(first.id, { name: 'Závěrečná zpráva.exe', description: 'Shrnutí dne' })).json()) as MaterialRecord;
    expect(renamed.name).toBe('Závěrečná zpráva.pdf');
    expect(renamed.description).toBe('Shrnutí dne');
    await patch(first.id, { order: second.order + 0.5 });
    expect((await list()).map((m) => m.id).slice(0, 2)).toEqual([second.id, first.id]);
    expect((await patch('nosuch', { name: 'x' })).status).toBe(404);
  });

  it('downloads with the right type and an attachment disposition', async () => {
    const m = (await list()).find((x) => x.mime === 'application/pdf')!;
    const res = await fetch(`${base()}/${m.id}/download?t=${ev.tokens.moderator}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(m.name)}`);
    expect(res.headers.get('content-disposition')?.startsWith('attachment;')).toBe(true);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${base()}/${m.id}/download`)).status).toBe(401);
  });

  it('are bundled in the event zip under materials/', async () => {
    const res = await fetch(`${ts.url}/api/events/${ev.response.eventId}/export.zip?t=${ev.tokens.moderator}`);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const pdf = (await list()).find((x) => x.name === 'Závěrečná zpráva.pdf')!;
    expect(Buffer.from(files[`materials/${pdf.name}`]).equals(PDF)).toBe(true);
  });

  it('deletes', async () => {
    const before = await list();
    expect((await fetch(`${base()}/${before[0].id}?t=${ev.tokens.moderator}`, { method: 'DELETE' })).status).toBe(204);
    expect((await list()).map((m) => m.id)).toEqual(before.slice(1).map((m) => m.id));
  });
});
