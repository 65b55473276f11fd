import { BoardLimitError, DuplicateError, retentionOf, type BoardRecord, type EventRecord, type EventStore } from '../../events/event-store.js';

const copy = <T>(value: T): T => structuredClone(value);

export function createMemoryEventStore(): EventStore {
  const events = new Map<string, EventRecord>();
  const boards = new Map<string, BoardRecord>();
  const codes = new Map<string, string>();
  const secrets = new Map<string, string>();

  function insertBoard(board: BoardRecord): void {
    if (boards.has(board.id)) throw new DuplicateError(`Board ${board.id} exists`);
    if (codes.has(board.joinCode)) throw new DuplicateError('Join code taken');
    boards.set(board.id, copy(board));
    codes.set(board.joinCode, board.id);
  }

  return {
    async createEvent(event, newBoards) {
      if (events.has(event.id)) throw new DuplicateError(`Event ${event.id} exists`);
      const ids = new Set(newBoards.map((b) => b.id));
      const joinCodes = new Set(newBoards.map((b) => b.joinCode));
      if (ids.size !== newBoards.length || joinCodes.size !== newBoards.length) throw new DuplicateError('Duplicate board');
      for (const b of newBoards) if (boards.has(b.id) || codes.has(b.joinCode)) throw new DuplicateError('Board or join code taken');
      events.set(event.id, copy(event));
      for (const b of newBoards) insertBoard(b);
    },
    async getEvent(id) {
      const e = events.get(id);
      return e ? copy(e) : null;
    },
    async addBoard(board, maxBoards = Infinity) {
      if (!events.has(board.eventId)) throw new Error(`No event ${board.eventId}`);
      let held = 0;
      for (const b of boards.values()) if (b.eventId === board.eventId) held++;
      if (held >= maxBoards) throw new BoardLimitError(maxBoards);
      insertBoard(board);
    },
    async getBoard(id) {
      const b = boards.get(id);
      return b ? copy(b) : null;
    },
    async listBoards(eventId) {
      return [...boards.values()].filter((b) => b.eventId === eventId).map(copy);
    },
    async setTokens(eventId, tokens) {
      const e = events.get(eventId);
      if (!e) return false;
      e.tokens = copy(tokens);
      return true;
    },
    async setPrivacy(eventId, patch) {
      const e = events.get(eventId);
      if (!e) return null;
      if (patch.retentionUntil !== undefined) e.retentionUntil = patch.retentionUntil;
      if (patch.privacyContact !== undefined) e.privacyContact = patch.privacyContact;
      return copy(e);
    },
    async expiredEvents(now, limit) {
      // Memory is for tests and experiments: a scan is fine here.
      return [...events.values()]
        .filter((e) => retentionOf(e) <= now)
        .sort((a, b) => retentionOf(a) - retentionOf(b))
        .slice(0, limit)
        .map((e) => e.id);
    },
    async deleteEvent(eventId) {
      const own = [...boards.values()].filter((b) => b.eventId === eventId);
      for (const b of own) {
        boards.delete(b.id);
        codes.delete(b.joinCode);
      }
      events.delete(eventId);
    },
    async serverSecret(name, fresh) {
      if (!secrets.has(name)) secrets.set(name, fresh);
      return secrets.get(name) as string;
    },
    async findBoardByJoinCode(code) {
      const id = codes.get(code);
      const b = id === undefined ? undefined : boards.get(id);
      return b ? copy(b) : null;
    },
    async close() {}
  };
}
