/**
 * Who may read an event's outputs: its moderator always, anyone once they are published (a valid
 * token of another role then reads them as the public); and who may change them: the moderator.
 */
import { can } from '../../src/lib/roles/index.js';
import { MODERATOR_ONLY, requireEvent } from '../events/access.js';
import type { BoardRecord, EventRecord, EventStore } from '../events/event-store.js';
import type { AccessResolver } from '../events/resolver.js';
import type { PublicationStore } from './publication-store.js';
import { HttpError } from '../http/http-util.js';
import type { Reader } from './downloads.js';

export interface OutputsReaders {
  event(eventId: string, url: URL): Promise<{ event: EventRecord; reader: Reader }>;
  board(boardId: string, url: URL): Promise<{ event: EventRecord; board: BoardRecord; reader: Reader }>;
  /** The event, for its moderator only. */
  moderator(eventId: string, url: URL): Promise<EventRecord>;
}

export function createOutputsReaders(d: { events: EventStore; publication: PublicationStore; access: AccessResolver }): OutputsReaders {
  async function event(eventId: string, url: URL): Promise<{ event: EventRecord; reader: Reader }> {
    const found = await d.events.getEvent(eventId);
    if (!found) throw new HttpError(404, 'not-found', 'Not found');
    const token = url.searchParams.get('t');
    const access = token ? await d.access.forEvent(eventId, token) : null;
    if (access?.ok && can(access.role, 'event:manage')) return { event: found, reader: 'moderator' };
    if ((await d.publication.getOutputsPublished(eventId)) !== null) return { event: found, reader: 'public' };
    throw access?.ok ? new HttpError(403, 'forbidden', 'The outputs are not published') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
  }
  return {
    event,
    async board(boardId, url) {
      const board = await d.events.getBoard(boardId);
      if (!board) throw new HttpError(404, 'not-found', 'Not found');
      return { board, ...(await event(board.eventId, url)) };
    },
    async moderator(eventId, url) {
      return (await requireEvent(d.access, eventId, url, MODERATOR_ONLY())).event;
    }
  };
}
