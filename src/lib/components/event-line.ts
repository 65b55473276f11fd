import type { BoardSession } from '$lib/protocol/api.js';

/** "Event · date · place" under a board title, without repeating a title equal to the board's. */
export function eventLine(session: BoardSession, boardTitle: string | undefined, formatDate?: (iso: string) => string): string {
  const title = boardTitle || session.board.title;
  return [session.event.title === title ? '' : session.event.title, formatDate && session.event.date ? formatDate(session.event.date) : '', session.event.place]
    .filter(Boolean)
    .join(' · ');
}
