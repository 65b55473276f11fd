/**
 * Hostile cost of Yjs input (issue 13, findings 1 and 2), against the built server:
 *   inspect  one frame of N structs (10k, 100k, 1M) on a fresh server each: an audience frame of
 *            array items inserted before one another, or a panelist frame of one origin chain.
 *            Reported: what the server did (answered, closed with a code, no answer in time) and
 *            how long its event loop was blocked (the longest /healthz round trip meanwhile).
 *   flood    an audience connection sends sync step 1 with distinct state vectors (a few bytes
 *            each, 200 a second) on a board of a few hundred cards: the server's CPU for it, the worst
 *            /healthz round trip, and how it ended.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { addCard, LOCAL, newDeviceId, participantKey } from '../../src/lib/board/index.js';
import { originChain, stateVector, syncStep1Message, syncUpdateMessage, unshiftRun } from '../../support/hostile-updates.js';
import { createBoard } from '../board.js';
import { cpuSeconds } from '../proc.js';
import { withServer, type RunningServer, type ServerKind } from '../servers.js';
import { round } from '../stats.js';
import type { Figure, FiguresResult } from '../figures.js';
import { probeLoop } from './hostile.js';

export type FrameShape = 'audience-items' | 'panelist-chain';

export interface InspectCostParams {
  shape: FrameShape;
  sizes: number[];
  /** How long to wait for the server to handle one frame. */
  timeoutMs: number;
}

export interface SyncFloodParams {
  cards: number;
  requests: number;
  timeoutMs: number;
}

interface Sent {
  /** 'answered' (the connection still answers), 'closed <code>', or 'no answer'. */
  outcome: string;
  handledMs: number;
}

function openRaw(url: string): Promise<{ ws: WebSocket; frames: Buffer[]; closed: Promise<number> }> {
  const ws = new WebSocket(url, { maxPayload: 0 });
  const frames: Buffer[] = [];
  ws.on('message', (d: Buffer) => frames.push(d));
  ws.on('error', () => undefined);
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('close', () => reject(new Error('closed before open')));
  });
}

/** 100 requests every 500 ms: 200 a second. */
const FLOOD_BATCH = 100;
const FLOOD_PAUSE_MS = 500;

const isStep2 = (f: Buffer): boolean => f[0] === 0 && f[1] === 1;

/** Sends `frame`, then a step 1 whose answer says the frame was handled (unless it closes the connection). */
async function sendAndWait(url: string, frame: Uint8Array, timeoutMs: number): Promise<Sent> {
  const { ws, closed } = await openRaw(url);
  const t0 = performance.now();
  const answered = new Promise<string>((resolve) => {
    ws.on('message', (d: Buffer) => isStep2(d) && resolve('answered'));
  });
  ws.send(frame);
  ws.send(syncStep1Message(Uint8Array.from([0])));
  const outcome = await Promise.race([answered, closed.then((code) => `closed ${code}`), new Promise<string>((r) => setTimeout(() => r('no answer'), timeoutMs))]);
  const handledMs = round(performance.now() - t0, 0);
  ws.terminate();
  return { outcome, handledMs };
}

const label = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

async function oneFrame(server: RunningServer, shape: FrameShape, size: number, timeoutMs: number): Promise<Figure[]> {
  const board = await createBoard(server, 'audience');
  const device = newDeviceId();
  const url = shape === 'audience-items' ? board.readerUrl(device) : board.writerUrl(device);
  const update = shape === 'audience-items' ? unshiftRun(size) : originChain(size);
  const probe = probeLoop(server.httpUrl);
  const sent = await sendAndWait(url, syncUpdateMessage(update), timeoutMs);
  const blockedMs = await probe.stop();
  return [
    { label: `${label(size)} structs: frame KB`, value: Math.round(update.byteLength / 1024) },
    { label: `${label(size)} structs: outcome`, value: sent.outcome },
    { label: `${label(size)} structs: handled in ms`, value: sent.handledMs, better: 'lower' },
    { label: `${label(size)} structs: loop blocked ms`, value: blockedMs, better: 'lower' }
  ];
}

export async function runInspectCost(kind: ServerKind, p: InspectCostParams): Promise<FiguresResult> {
  const figures: Figure[] = [];
  // A fresh server per frame: on a server that stays blocked, the next figure would measure the last frame.
  for (const size of p.sizes) figures.push(...(await withServer(kind, (server) => oneFrame(server, p.shape, size, p.timeoutMs))));
  const stuck = figures.filter((f) => f.value === 'no answer').length;
  return { ok: true, problems: stuck ? [`${stuck} frame(s) not handled within ${p.timeoutMs} ms`] : [], figures };
}

/** `cards` cards written in one update by a panelist, so each fresh sync reply has a real cost. */
async function seedCards(writerUrl: (device: string) => string, boardId: string, cards: number): Promise<void> {
  const device = newDeviceId();
  const doc = new Y.Doc();
  const key = participantKey(boardId, device);
  doc.transact(() => {
    for (let i = 0; i < cards; i++) addCard(doc, { kind: 'weakness', text: `Seed card ${i} `.repeat(10), orgId: null, author: 'B', authorKey: key, topicId: null }, LOCAL);
  });
  const sent = await sendAndWait(writerUrl(device), syncUpdateMessage(Y.encodeStateAsUpdate(doc)), 30_000);
  if (sent.outcome !== 'answered') throw new Error(`seeding the board: ${sent.outcome}`);
}

export async function runSyncFlood(server: RunningServer, p: SyncFloodParams): Promise<FiguresResult> {
  const board = await createBoard(server, 'audience');
  await seedCards(board.writerUrl, board.boardId, p.cards);
  const { ws, frames, closed } = await openRaw(board.readerUrl(newDeviceId()));
  const cpu0 = cpuSeconds(server.pid);
  const probe = probeLoop(server.httpUrl);
  let inputBytes = 0;
  // Paced under LIMIT_YJS_MESSAGES_PER_SECOND (300), so only the sync budget can stop it.
  for (let i = 0; i < p.requests && ws.readyState === ws.OPEN; i++) {
    const message = syncStep1Message(stateVector([[1_000 + i, 1]]));
    inputBytes += message.byteLength;
    ws.send(message);
    if (i % FLOOD_BATCH === FLOOD_BATCH - 1) await new Promise((r) => setTimeout(r, FLOOD_PAUSE_MS));
  }
  const replies = (): number => frames.filter(isStep2).length;
  const outcome = await Promise.race([
    closed.then((code) => `closed ${code}`),
    (async () => {
      while (replies() < p.requests) await new Promise((r) => setTimeout(r, 20));
      return 'all answered';
    })(),
    new Promise<string>((r) => setTimeout(() => r('no end in time'), p.timeoutMs))
  ]);
  const blockedMs = await probe.stop();
  const cpuMs = round((cpuSeconds(server.pid) - cpu0) * 1000, 0);
  ws.terminate();
  return {
    ok: true,
    problems: [],
    figures: [
      { label: 'step-1 input KB', value: round(inputBytes / 1024) },
      { label: 'outcome', value: outcome },
      { label: 'sync replies sent', value: replies() },
      { label: 'server CPU ms', value: cpuMs, better: 'lower' },
      { label: 'worst /healthz ms', value: blockedMs, better: 'lower' }
    ]
  };
}
