/**
 * W7: the ranges a writer's card values must lie in, beyond their types (W1). A value that is
 * well typed but absurd (a `createdAt` of 1e300, an order of 1e308) would otherwise reach every
 * reader, every export and the public outputs. See docs/protocol.md §4.
 */

/** How far in the past a timestamp may lie: a card written offline days ago still syncs. */
export const TIMESTAMP_PAST_MS = 30 * 24 * 3600 * 1000;
/** How far ahead of the server's clock: phone clocks drift, but not by days. */
export const TIMESTAMP_FUTURE_MS = 24 * 3600 * 1000;
/** Card orders are small numbers moved by ±1 or halved between neighbours (commands.ts). */
export const MAX_ABS_ORDER = 1e9;
/** Topic and organization ids (src/lib/board/ids.ts makes 10 characters). */
export const MAX_REF_ID = 64;

/** Why `value` of `field` is out of range, or null when it is fine (its type is checked by W1). */
export function outOfRange(field: string, value: unknown, now: number): string | null {
  switch (field) {
    case 'createdAt':
    case 'updatedAt':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${field} must be a whole number of milliseconds`;
      if (value < now - TIMESTAMP_PAST_MS || value > now + TIMESTAMP_FUTURE_MS) return `${field} too far from the server's time`;
      return null;
    case 'order':
      return typeof value === 'number' && Math.abs(value) <= MAX_ABS_ORDER ? null : `order beyond ±${MAX_ABS_ORDER}`;
    case 'orgId':
    case 'topicId':
      return typeof value === 'string' && value.length > MAX_REF_ID ? `${field} longer than ${MAX_REF_ID} characters` : null;
    default:
      return null;
  }
}
