/**
 * PDF export of a big board: a board of K cards (Czech text, organizations, topics, clusters,
 * votes) is imported through POST /api/events/:id/import, then GET /api/boards/:id/export.pdf
 * is timed to its last byte. Runs against the project server only (the reference has no exports).
 */
import { rssBytes } from '../proc.js';
import type { RunningServer } from '../servers.js';
import { round } from '../stats.js';

export interface PdfExportParams {
  cards: number;
}

export interface PdfExportResult {
  ok: boolean;
  problems: string[];
  cards: number;
  importMs: number;
  /** Request sent to last byte received. */
  exportMs: number;
  /** Time to the first byte: the export streams pages as they are done. */
  firstByteMs: number;
  pdfBytes: number;
  serverRssMB: number;
}

const TEXTS = [
  'Kapacita kurzů češtiny pro dospělé nestačí, čekací lhůty jsou několik měsíců.',
  'Děti cizinců nastupují do škol bez jazykové přípravy; učitelé nemají podporu.',
  'Pronajímatelé odmítají cizince; inzeráty „jen pro Čechy“. Příliš žluťoučký kůň úpěl ďábelské ódy.',
  'Agenturní zaměstnávání – lidé neznají svá práva a závisí na agentuře i v bydlení.'
];
const KINDS = ['weakness', 'pitfall', 'good-practice', 'question', 'proposal'] as const;

/** A board export document (server/outputs/exports/json.ts format) with `count` cards. */
export function bigBoardExport(count: number): Record<string, unknown> {
  const topics = Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, title: `Téma ${i + 1}: Úřady a služby`, order: i + 1 }));
  const orgs = Array.from({ length: 12 }, (_, i) => ({ id: `o${i}`, name: `Městská část Praha ${i + 1}`, order: i + 1 }));
  const clusters = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, title: `Skupina ${i + 1}`, createdAt: 1_700_000_000_000 + i }));
  const cards = Array.from({ length: count }, (_, i) => ({
    id: `card${i}`,
    kind: KINDS[i % KINDS.length],
    text: `${TEXTS[i % TEXTS.length]} (${i + 1})`,
    orgId: `o${i % 12}`,
    author: 'Účastník',
    authorKey: `author${i % 50}`,
    topicId: `t${i % 6}`,
    order: i,
    createdAt: 1_700_000_000_000 + i * 1000,
    updatedAt: 1_700_000_000_000 + i * 1000,
    hidden: i % 50 === 0,
    clusterId: i % 10 === 0 ? `c${i % 40}` : null
  }));
  const votes = cards.flatMap((c, i) => Array.from({ length: i % 7 }, (_, v) => ({ cardId: c.id, voterKey: `voter${v}`, at: 1_700_000_100_000 + i })));
  return {
    format: 'panel-board.board',
    version: 1,
    exportedAt: new Date(0).toISOString(),
    event: { id: 'bench', title: 'Benchmark', date: '2026-11-27', place: 'Praha' },
    board: { id: 'bench', kind: 'main', title: `Velká tabule (${count} karet)` },
    meta: { schema: 1, title: `Velká tabule (${count} karet)`, locked: false, spotlight: null, projector: { mode: 'board' } },
    topics,
    orgs,
    clusters,
    cards,
    votes
  };
}

export async function runPdfExport(server: RunningServer, p: PdfExportParams): Promise<PdfExportResult> {
  const created = await fetch(`${server.httpUrl}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.httpUrl },
    body: JSON.stringify({ title: 'PDF benchmark', date: '2026-11-27', place: 'Praha', template: 'integration', lang: 'cs' })
  });
  if (!created.ok) throw new Error(`POST /api/events: ${created.status} ${await created.text()}`);
  const event = (await created.json()) as { eventId: string; links: Record<string, { moderator: string }> };
  const token = new URL(Object.values(event.links)[0].moderator).searchParams.get('t') ?? '';
  const t0 = performance.now();
  const imported = await fetch(`${server.httpUrl}/api/events/${event.eventId}/import?t=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bigBoardExport(p.cards))
  });
  if (imported.status !== 201) throw new Error(`import: ${imported.status} ${await imported.text()}`);
  const board = (await imported.json()) as { id: string };
  const importMs = performance.now() - t0;

  const t1 = performance.now();
  const res = await fetch(`${server.httpUrl}/api/boards/${board.id}/export.pdf?t=${token}`);
  if (!res.ok || !res.body) throw new Error(`export.pdf: ${res.status}`);
  let firstByteMs = 0;
  let bytes = 0;
  for await (const chunk of res.body) {
    if (bytes === 0) firstByteMs = performance.now() - t1;
    bytes += (chunk as Uint8Array).byteLength;
  }
  const exportMs = performance.now() - t1;
  const problems: string[] = [];
  if (exportMs >= 10_000) problems.push(`PDF export took ${round(exportMs, 0)} ms (target < 10,000 ms)`);
  if (bytes < 10_000) problems.push(`PDF is only ${bytes} bytes`);
  return {
    ok: problems.length === 0,
    problems,
    cards: p.cards,
    importMs: round(importMs, 0),
    exportMs: round(exportMs, 0),
    firstByteMs: round(firstByteMs, 0),
    pdfBytes: bytes,
    serverRssMB: round(rssBytes(server.pid) / 2 ** 20)
  };
}
