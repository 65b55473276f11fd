/** HTTP API shapes (see README "Interfaces"). */
import type { Role } from '../roles/index.js';

export type BoardKind = 'main' | 'workshop';

export interface BoardInfo {
  id: string;
  eventId: string;
  kind: BoardKind;
  title: string;
  joinCode: string;
}

export interface EventInfo {
  id: string;
  title: string;
  date: string;
  place: string;
  createdAt: number;
  /** What the privacy notice says of this event (docs/privacy.md §7); set by the moderator. */
  privacy: EventPrivacy;
}

export interface EventPrivacy {
  /** Whom to ask about personal data (the organiser's contact); '' when none was given. */
  contact: string;
  /** Epoch ms when everything of the event is erased. */
  retentionUntil: number;
}

export type RoleLinks = Record<Role, string>;

export interface CreateEventResponse {
  eventId: string;
  boards: BoardInfo[];
  /** Role links per board id. Give the moderator link to nobody else. */
  links: Record<string, RoleLinks>;
}

/** What a page gets from GET /api/boards/:id?t=token. */
export interface BoardSession {
  role: Role;
  board: BoardInfo;
  event: EventInfo;
  boards: BoardInfo[];
  /** Only for the moderator. */
  links: Record<string, RoleLinks> | null;
  /** Public base URL for QR codes and shared links. */
  publicUrl: string;
  /** The projector's QR target: /join/<code> with the join ticket, which skips the guessing limit. */
  joinUrl: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  checks: Record<string, 'ok' | 'degraded' | 'down'>;
  uptimeS: number;
}

/** Page path per role, under /b/<boardId>. */
export const ROLE_PATH: Record<Role, string> = {
  moderator: 'moderate',
  panelist: 'panel',
  audience: 'view',
  projector: 'projector'
};

/** What GET /api/events/:id?t=token returns (any role's token of that event). */
export interface EventSession {
  role: Role;
  event: EventInfo;
  boards: BoardInfo[];
  /** Only for the moderator. */
  links: Record<string, RoleLinks> | null;
  publicUrl: string;
}

/** What POST /api/events/:id/tokens/:role/rotate?t=<moderator> returns: every board's links, with the new token. */
export interface RotateTokenResult {
  role: Role;
  /** The board whose audience link alone was replaced; null: the role's link for the whole event. */
  boardId: string | null;
  links: Record<string, RoleLinks>;
}

/**
 * What POST /api/device (body `{ deviceId?: string }`) returns: the device's credential, the
 * one it sent when the server issued it (200), else a new one (201). See docs/protocol.md §3.0.
 */
export interface DeviceResult {
  deviceId: string;
}

/** What GET /api/join/:code returns: the audience link of the board with that join code. */
export interface JoinResult {
  boardId: string;
  url: string;
  /**
   * The join code and its ticket (server/events/join-tickets.ts): the phone keeps them and, when
   * the audience link is replaced, exchanges them again for the new one without being charged
   * as a guess (the code is the audience's stable credential).
   */
  code: string;
  ticket: string;
}
