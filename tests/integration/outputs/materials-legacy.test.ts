/**
 * Materials stored before the blob store: a database whose materials table has no `blob`
 * column, and files at DATA_DIR/materials/<event>/<sha256>. They still list, download and
 * delete (bytes erased).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/infra/sqlite/sqlite.js';
import { createTestEvent, startTestServer, type TestServer } from '../../helpers/test-server.js';

const OLD_SCHEMA = `CREATE TABLE materials (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
  mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, ord REAL NOT NULL, uploaded_at INTEGER NOT NULL
);`;

describe('materials of the content-addressed layout', () => {
  let ts: TestServer;
  afterAll(() => ts?.dispose());

  it('migrate the table, and still download and delete their files', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-legacy-'));
    const db = openSqlite({ dataDir });
    db.exec(OLD_SCHEMA);
    db.close();
    ts = await startTestServer({ dataDir });
    const ev = await createTestEvent(ts.url);
    const eventId = ev.response.eventId;
    const bytes = Buffer.from('%PDF-1.4\nlegacy material\n');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await mkdir(join(dataDir, 'materials', eventId), { recursive: true });
    await writeFile(join(dataDir, 'materials', eventId, sha256), bytes);
    const legacy = openSqlite({ dataDir });
    legacy
      .prepare('INSERT INTO materials (id, event_id, name, description, mime, size, sha256, ord, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('oldmaterial1', eventId, 'old.pdf', '', 'application/pdf', bytes.length, sha256, 1, 1);
    legacy.close();

    const base = `${ts.url}/api/events/${eventId}/materials`;
    const down = await fetch(`${base}/oldmaterial1/download?t=${ev.tokens.moderator}`);
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${base}/oldmaterial1?t=${ev.tokens.moderator}`, { method: 'DELETE' })).status).toBe(204);
    expect(await readdir(join(dataDir, 'materials', eventId))).toEqual([]);
  });
});
