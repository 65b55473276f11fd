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
  serverSecret(name: string): string;
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
    serverSecret: (name) => `${prefix}secret:${name}`,
    channel: (name) => `${prefix}${name}`
  };
}
