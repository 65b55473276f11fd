/**
 * Live revocation: when the moderator rotates a role's token, every transport closes the
 * connections that were opened with the old one (websocket 4410, socket.io `notice` + disconnect).
 * In-process only; several instances need the bus to carry it (not wired yet).
 */
import type { Role } from '../../src/lib/roles/index.js';

export type RevocationListener = (eventId: string, role: Role) => void;

export interface Revocations {
  revoke(eventId: string, role: Role): void;
  subscribe(listener: RevocationListener): () => void;
}

export function createRevocations(): Revocations {
  const listeners = new Set<RevocationListener>();
  return {
    revoke(eventId, role) {
      for (const listener of listeners) listener(eventId, role);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }
  };
}
