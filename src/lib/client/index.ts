export { BoardConnection, type BoardConnectionOptions, type WriteResult } from './board-connection.svelte.js';
export { ActionClient, type RunResult, type ClientFailure } from './action-client.svelte.js';
export { CardArrivals } from './arrivals.svelte.js';
export { Stored } from './stored.svelte.js';
export { deviceId, identityFor, type Identity } from './device.js';
export { loadSession, type SessionResult } from './session.js';
export { createEvent, addWorkshopBoard, type CreateEventInput, type ApiResult } from './api.js';
export type { ConnectionStatus, FatalReason } from './connection-status.js';
