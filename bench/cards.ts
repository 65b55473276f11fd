/**
 * Benchmark cards. Every card text carries a marker `[bench:00001234]` holding its sequence
 * number, which indexes the send-time table, so a light client finds a delivery with one byte
 * search and no Y.Doc.
 *
 * The updates are produced by the board's own model (a Y.Doc per writer, `addCard`) before the
 * timed phase starts; the timed phase only sends the bytes. That keeps the generator's CPU for
 * sockets, on a machine whose two cores it shares with the server it measures.
 */
import * as Y from 'yjs';
import { addCard, CARD_KINDS, INTEGRATION_EXAMPLES, LOCAL, participantKey, readBoard } from '../src/lib/board/index.js';

export const MARKER = Buffer.from('[bench:');
const DIGITS = 8;
/** addCard scans the column for the next order value, so a writer's doc rotates to a fresh one. */
const CARDS_PER_DOC = 500;
const TARGET_BYTES = 150;

export const markerOf = (seq: number): string => `[bench:${String(seq).padStart(DIGITS, '0')}]`;

/** Calls `found(seq)` for every marker in `buf` at or after `from`, and returns how many. */
export function scanMarkers(buf: Buffer, from = 0, found?: (seq: number) => void): number {
  let count = 0;
  let at = buf.indexOf(MARKER, from);
  while (at !== -1) {
    const start = at + MARKER.length;
    let seq = 0;
    for (let k = start; k < start + DIGITS; k++) seq = seq * 10 + (buf[k] - 48);
    found?.(seq);
    count++;
    at = buf.indexOf(MARKER, start + DIGITS);
  }
  return count;
}

/** A realistic Czech card text of about 150 UTF-8 bytes, marker included. */
export function cardText(seq: number): string {
  const marker = markerOf(seq);
  const n = INTEGRATION_EXAMPLES.length;
  let text = `${INTEGRATION_EXAMPLES[seq % n][3]} ${INTEGRATION_EXAMPLES[(seq + 5) % n][3]}`;
  while (Buffer.byteLength(`${text} ${marker}`) > TARGET_BYTES) text = text.slice(0, -1);
  return `${text.trimEnd()} ${marker}`;
}

export interface WriterIdentity {
  deviceId: string;
  name: string;
}

export interface PlanOptions {
  /** The board as the writer synced it (a Yjs update). */
  baseState: Uint8Array;
  /** The id the server derives participant keys from. */
  boardId: string;
  writer: WriterIdentity;
  seqs: readonly number[];
}

function seeded(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** The Yjs update each `addCard` produces, one per sequence number, in order. */
export function planUpdates({ baseState, boardId, writer, seqs }: PlanOptions): Uint8Array[] {
  const authorKey = participantKey(boardId, writer.deviceId);
  const updates: Uint8Array[] = [];
  let doc: Y.Doc | null = null;
  let inDoc = 0;
  const { topics, orgs } = readBoard(seeded(baseState));
  for (const seq of seqs) {
    if (doc === null || inDoc === CARDS_PER_DOC) {
      doc?.destroy();
      doc = seeded(baseState);
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === LOCAL) updates.push(update);
      });
      inDoc = 0;
    }
    const topic = topics.length > 0 ? topics[seq % topics.length] : undefined;
    const org = orgs.length > 0 ? orgs[seq % orgs.length] : undefined;
    addCard(
      doc,
      {
        kind: CARD_KINDS[seq % CARD_KINDS.length],
        text: cardText(seq),
        orgId: org?.id ?? null,
        author: writer.name,
        authorKey,
        topicId: topic?.id ?? null
      },
      LOCAL
    );
    inDoc++;
  }
  doc?.destroy();
  if (updates.length !== seqs.length) throw new Error(`planned ${updates.length} updates for ${seqs.length} cards`);
  return updates;
}
