/** Who someone in the audience appears as on one board: anonymous by default, remembered on this device. */
import { MAX_NICKNAME, MIN_NICKNAME, type Org } from '$lib/board/types.js';
import { Stored } from '$lib/client/stored.svelte.js';

export interface Participant {
  /** Empty = anonymous; otherwise 2–30 characters. */
  nickname: string;
  orgId: string | null;
  /** The nickname may show on the public outputs (docs/privacy.md §5); off unless ticked. Absent in what older pages stored. */
  nameConsent?: boolean;
}

/** Same rule as the server's Nickname schema: empty, or MIN–MAX characters once trimmed. */
export const nicknameValid = (nickname: string): boolean => {
  const n = nickname.trim().length;
  return n === 0 || (n >= MIN_NICKNAME && n <= MAX_NICKNAME);
};

const isParticipant = (v: unknown): v is Participant =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Participant).nickname === 'string' &&
  nicknameValid((v as Participant).nickname) &&
  ((v as Participant).orgId === null || typeof (v as Participant).orgId === 'string');

export const participantFor = (boardId: string): Stored<Participant> => new Stored<Participant>(`panel-board:participant:${boardId}`, { nickname: '', orgId: null }, isParticipant);

/** The organization as it stands on the board now: one the moderator removed counts as none. */
export const currentOrg = (orgs: readonly Org[], orgId: string | null): Org | null => orgs.find((o) => o.id === orgId) ?? null;
