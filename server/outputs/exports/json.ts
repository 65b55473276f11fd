/**
 * JSON export: the board at full fidelity (raw meta, topics, organizations, clusters, every
 * card with its hidden flag (and a question's answeredAt), votes and question upvotes with
 * pseudonymous keys, comments with their hidden flag, polls and their ballots). Import reads the same shape back
 * (json-import.ts). Streamed one array item at a time, so a big board never sits in one string.
 */
import { publicContent, type BoardContent } from '../../../src/lib/board/content.js';
import type { ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import { isoDate, type ExportBoard, type ExportEvent, type ExportInput } from './context.js';

export const BOARD_EXPORT_FORMAT = 'panel-board.board';
export const BOARD_EXPORT_VERSION = 1;

/** The document a JSON export holds. */
export interface BoardExport extends Required<BoardContent> {
  /** The participation figures, when the export carries them. */
  participation?: ParticipationFigures;
  format: typeof BOARD_EXPORT_FORMAT;
  version: typeof BOARD_EXPORT_VERSION;
  exportedAt: string;
  event: ExportEvent;
  board: ExportBoard;
}

const ARRAYS = ['topics', 'orgs', 'clusters', 'cards', 'votes', 'upvotes', 'comments', 'polls', 'pollVotes'] as const satisfies ReadonlyArray<keyof BoardContent>;

export function* jsonChunks(input: ExportInput): Generator<string> {
  const content: BoardContent = input.full ? input.content : publicContent(input.content);
  const head = {
    format: BOARD_EXPORT_FORMAT,
    version: BOARD_EXPORT_VERSION,
    exportedAt: isoDate(input.exportedAt),
    event: input.event,
    board: input.board,
    meta: content.meta
  };
  yield JSON.stringify(head, null, 2).slice(0, -2);
  for (const name of ARRAYS) {
    yield `,\n  ${JSON.stringify(name)}: [`;
    let first = true;
    for (const item of content[name] ?? []) {
      yield `${first ? '' : ','}\n    ${JSON.stringify(item)}`;
      first = false;
    }
    yield first ? ']' : '\n  ]';
  }
  // Aggregates only (no device, no name); import ignores it.
  if (input.participation) yield `,\n  "participation": ${JSON.stringify(input.participation)}`;
  yield '\n}\n';
}
