import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { scanUpdate, UndecodableUpdate } from '../../../../server/sync/update-scan.js';
import { gcRun, originChain, unshiftRun } from '../../../../support/hostile-updates.js';

describe('scanUpdate: a bounded first pass over an update', () => {
  it('counts structs and delete ranges and notes each client’s claimed clocks, as Yjs decodes them', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    doc.getMap('m').set('a', { nested: [1, 2, 'x'] });
    doc.getArray('l').insert(0, [new Y.Map(), 'b']);
    doc.getText('t').delete(1, 2);
    const update = Y.encodeStateAsUpdate(doc);
    const scan = scanUpdate(update, 1_000);
    const decoded = Y.decodeUpdate(update);
    const ranges = [...decoded.ds.clients.values()].reduce((n, r) => n + r.length, 0);
    expect(scan).toMatchObject({ kind: 'ok', structs: decoded.structs.length, work: decoded.structs.length + ranges });
    if (scan.kind === 'ok') expect(scan.claims.get(doc.clientID)).toEqual({ clock: 0, end: Y.getState(doc.store, doc.clientID) });
  });

  it('stops past the limit without reading further', () => {
    expect(scanUpdate(unshiftRun(20_000), 10_000)).toMatchObject({ kind: 'too-much' });
    expect(scanUpdate(originChain(10_000), 10_000)).toMatchObject({ kind: 'ok', work: 10_000 });
    expect(scanUpdate(gcRun(500_000), 10_000)).toMatchObject({ kind: 'too-much' });
  });

  it('a count beyond the bytes left (a bomb), or bytes that are no update, are undecodable', () => {
    expect(() => scanUpdate(Uint8Array.from([1, 0x80, 0xa0, 0xdd, 0xbe, 0x01, 5, 0, 0]), 10_000)).toThrow(UndecodableUpdate);
    expect(() => scanUpdate(Uint8Array.from([0xff, 0xfe, 0x01, 0x07, 0x99, 0x00, 0x13]), 10_000)).toThrow(UndecodableUpdate);
  });
});
