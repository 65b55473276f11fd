/** Gathers what an export needs from the current state: loaded through the registry, so in scale-out mode it reads the shared store. */
import { publicContent, readContent } from '../../../src/lib/board/content.js';
import type { Locale } from '../../../src/lib/i18n/types.js';
import type { BoardRecord, EventRecord, EventStore } from '../../events/event-store.js';
import type { BoardRegistry } from '../../sync/registry.js';
import type { ExportBoard, ExportInput } from './context.js';
import type { ParticipationService } from '../participation/service.js';

export const exportBoard = (b: BoardRecord): ExportBoard => ({ id: b.id, kind: b.kind, title: b.title });

export async function loadExportInput(
  deps: { registry: BoardRegistry; events: EventStore; participation?: Pick<ParticipationService, 'forExport'> },
  event: EventRecord,
  board: BoardRecord,
  opts: { full: boolean; lang: Locale; now?: number }
): Promise<ExportInput> {
  const content = await deps.registry.withBoard(board.id, (loaded) => readContent(loaded.full.doc));
  const boards = await deps.events.listBoards(event.id);
  return {
    event: { id: event.id, title: event.title, date: event.date, place: event.place },
    board: exportBoard(board),
    boards: boards.map(exportBoard),
    content: opts.full ? content : publicContent(content),
    lang: opts.lang,
    exportedAt: opts.now ?? Date.now(),
    full: opts.full,
    participation: (await deps.participation?.forExport(board.id, opts.full)) ?? null
  };
}
