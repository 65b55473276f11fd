/** Every Redis key and channel name is built here, under one prefix (default "pb:"). */
export interface RedisKeys {
  docLog(docName: string): string;
  docSeq(docName: string): string;
  docSnapshot(docName: string): string;
  docCompactLock(docName: string): string;
  event(eventId: string): string;
  board(boardId: string): string;
  eventBoards(eventId: string): string;
  joinCode(code: string): string;
  material(materialId: string): string;
  eventMaterials(eventId: string): string;
  outputsPublished(eventId: string): string;
  checkpoints(boardId: string): string;
  /** Held by whoever changes the board's checkpoints (outputs/history/checkpoint-lock.ts). */
  checkpointLock(boardId: string): string;
  /** The erasures a new checkpoint of the board must contain: client id → clock. */
  checkpointFloor(boardId: string): string;
  serverSecret(name: string): string;
  /** A board's participation counters: peak, public switch, the ring of activity buckets (one hash). */
  participation(boardId: string): string;
  /** The board's device hashes, for the distinct count (a set, capped). */
  participationDevices(boardId: string): string;
  /** Sorted set: event id → its retention end (epoch ms), for the retention sweep (docs/privacy.md §6). */
  retention(): string;
  /** The retention sweep's lock: one instance sweeps at a time. */
  retentionLock(): string;
  /** Bytes of the event's stored materials (kept with the records, atomically). */
  eventMaterialBytes(eventId: string): string;
  /** Upload reservations of the event's material quota: id → "bytes:deadline". */
  eventMaterialReservations(eventId: string): string;
  /** A material's bytes, in chunks (materials/blob-store-redis.ts). */
  blob(blobId: string): string;
  channel(name: string): string;
}

export function redisKeys(prefix: string): RedisKeys {
  // Hash tags keep one document's keys in one slot, should the store ever move to Redis Cluster.
  const doc = (name: string, part: string) => `${prefix}doc:{${name}}:${part}`;
  return {
    docLog: (n) => doc(n, 'log'),
    docSeq: (n) => doc(n, 'seq'),
    docSnapshot: (n) => doc(n, 'snap'),
    docCompactLock: (n) => doc(n, 'compacting'),
    event: (id) => `${prefix}event:${id}`,
    board: (id) => `${prefix}board:${id}`,
    eventBoards: (id) => `${prefix}event:${id}:boards`,
    joinCode: (code) => `${prefix}joincode:${code}`,
    material: (id) => `${prefix}material:${id}`,
    eventMaterials: (id) => `${prefix}event:${id}:materials`,
    outputsPublished: (id) => `${prefix}event:${id}:outputs-published`,
    checkpoints: (id) => `${prefix}board:${id}:checkpoints`,
    checkpointLock: (id) => `${prefix}board:${id}:checkpoints:lock`,
    checkpointFloor: (id) => `${prefix}board:${id}:checkpoints:floor`,
    serverSecret: (name) => `${prefix}secret:${name}`,
    participation: (id) => `${prefix}participation:{${id}}`,
    participationDevices: (id) => `${prefix}participation:{${id}}:devices`,
    retention: () => `${prefix}retention`,
    retentionLock: () => `${prefix}retention:lock`,
    eventMaterialBytes: (id) => `${prefix}event:${id}:material-bytes`,
    eventMaterialReservations: (id) => `${prefix}event:${id}:material-reservations`,
    blob: (id) => `${prefix}blob:{${id}}`,
    channel: (name) => `${prefix}${name}`
  };
}
