/** The event metadata store for scale-out mode: JSON records in Redis, created atomically by Lua. */
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import { BoardLimitError, DuplicateError, retentionOf, type BoardRecord, type EventRecord, type EventStore } from '../../events/event-store.js';

// KEYS: event, eventBoards, retention index, then (board, joinCode) pairs.
// ARGV: event json, retention end, event id, then (board json, board id) pairs.
const CREATE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 4, #KEYS do if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
for i = 4, #KEYS, 2 do
  redis.call('SET', KEYS[i], ARGV[i])
  redis.call('SET', KEYS[i + 1], ARGV[i + 1])
  redis.call('RPUSH', KEYS[2], ARGV[i + 1])
end
return 1`;

// KEYS: event, eventBoards, board, joinCode. ARGV: board json, board id, most boards (-1: no cap).
const ADD_BOARD = `if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[3]) >= 0 and redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[3]) then return -2 end
if redis.call('EXISTS', KEYS[3]) == 1 or redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('SET', KEYS[4], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1`;

export function createRedisEventStore(options: { redis: RedisConnection; keys: RedisKeys }): EventStore {
  const { keys } = options;
  const client = options.redis.client;
  const getJson = async <T>(key: string): Promise<T | null> => {
    const raw = await client.get(key);
    return raw ? (JSON.parse(raw.toString()) as T) : null;
  };

  const listBoards = async (eventId: string): Promise<BoardRecord[]> => {
    const ids = (await client.lRange(keys.eventBoards(eventId), 0, -1)).map((b) => b.toString());
    const boards = await Promise.all(ids.map((id) => getJson<BoardRecord>(keys.board(id))));
    return boards.filter((b): b is BoardRecord => b !== null);
  };
  return {
    async createEvent(event, boards) {
      const keyList = [keys.event(event.id), keys.eventBoards(event.id), keys.retention(), ...boards.flatMap((b) => [keys.board(b.id), keys.joinCode(b.joinCode)])];
      const args = [JSON.stringify(event), String(retentionOf(event)), event.id, ...boards.flatMap((b) => [JSON.stringify(b), b.id])];
      const ok = await client.eval(CREATE, { keys: keyList, arguments: args });
      if (Number(ok) !== 1) throw new DuplicateError('Duplicate id or join code');
    },
    getEvent: (id) => getJson<EventRecord>(keys.event(id)),
    async addBoard(board, maxBoards) {
      const ok = Number(
        await client.eval(ADD_BOARD, {
          keys: [keys.event(board.eventId), keys.eventBoards(board.eventId), keys.board(board.id), keys.joinCode(board.joinCode)],
          arguments: [JSON.stringify(board), board.id, String(maxBoards ?? -1)]
        })
      );
      if (ok === -1) throw new Error(`No event ${board.eventId}`);
      if (ok === -2) throw new BoardLimitError(maxBoards!);
      if (ok !== 1) throw new DuplicateError('Duplicate id or join code');
    },
    getBoard: (id) => getJson<BoardRecord>(keys.board(id)),
    listBoards,
    async setTokens(eventId, tokens) {
      // Read-modify-write; rotations are rare and made by the one moderator.
      const event = await getJson<EventRecord>(keys.event(eventId));
      if (!event) return false;
      await client.set(keys.event(eventId), JSON.stringify({ ...event, tokens }));
      return true;
    },
    async setPrivacy(eventId, patch) {
      // Read-modify-write, like setTokens: only the moderator changes these.
      const event = await getJson<EventRecord>(keys.event(eventId));
      if (!event) return null;
      const next: EventRecord = { ...event, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      await client.set(keys.event(eventId), JSON.stringify(next));
      await client.zAdd(keys.retention(), { score: retentionOf(next), value: eventId });
      return next;
    },
    async expiredEvents(now, limit) {
      const ids = await client.zRangeByScore(keys.retention(), '-inf', now, { LIMIT: { offset: 0, count: limit } });
      return ids.map((b) => b.toString());
    },
    async deleteEvent(eventId) {
      const boards = await listBoards(eventId);
      const boardKeys = boards.flatMap((b) => [keys.board(b.id), keys.joinCode(b.joinCode)]);
      await client.unlink([keys.event(eventId), keys.eventBoards(eventId), ...boardKeys]);
      await client.zRem(keys.retention(), eventId);
    },
    async serverSecret(name, fresh) {
      await client.set(keys.serverSecret(name), fresh, { condition: 'NX' });
      const stored = await client.get(keys.serverSecret(name));
      if (!stored) throw new Error(`server secret ${name} vanished`);
      return stored.toString();
    },
    async findBoardByJoinCode(code) {
      const id = await client.get(keys.joinCode(code));
      return id ? getJson<BoardRecord>(keys.board(id.toString())) : null;
    },
    async close() {}
  };
}
