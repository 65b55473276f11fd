/** The panelist's name and organization on one board, remembered on this device. */
import { Stored } from '$lib/client/stored.svelte.js';

export interface Profile {
  name: string;
  orgId: string | null;
  /** The name may show on the public outputs (docs/privacy.md §5); off unless ticked. Absent in what older pages stored. */
  nameConsent?: boolean;
}

const isProfile = (v: unknown): v is Profile =>
  typeof v === 'object' && v !== null && typeof (v as Profile).name === 'string' && ((v as Profile).orgId === null || typeof (v as Profile).orgId === 'string');

export const profileFor = (boardId: string): Stored<Profile> => new Stored<Profile>(`panel-board:profile:${boardId}`, { name: '', orgId: null }, isProfile);
