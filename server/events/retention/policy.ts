/**
 * How long an event's data is kept (docs/privacy.md §6). Pure: the store keeps `retentionUntil`
 * (epoch ms) on the event record, the sweeper erases the event once it has passed.
 */
import type { EventRecord } from '../event-store.js';

/** The default: twelve months after the event's date. */
export const DEFAULT_RETENTION_MONTHS = 12;
/** The longest a moderator may keep an event: ten years from now. */
export const MAX_RETENTION_MS = 10 * 366 * 86_400_000;
const DAY_MS = 86_400_000;

/** Epoch ms of the end (UTC) of an ISO day `YYYY-MM-DD`, or null when it is not one. */
export function endOfDay(isoDay: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return null;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(start);
  // Date.UTC rolls 2027-02-30 over to March: such a day does not exist.
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return null;
  return start + DAY_MS;
}

/** The last day kept (`YYYY-MM-DD`, UTC) of a `retentionUntil`. */
export const lastDayKept = (retentionUntil: number): string => new Date(retentionUntil - 1).toISOString().slice(0, 10);

/**
 * When a new event's data ends: with `seconds` > 0 (LIMIT_DEFAULT_RETENTION_SECONDS, for tests
 * and short-lived demo servers) that long after its creation, else at the end of the day twelve
 * months after its date (or after its creation, should the date not parse).
 */
export function defaultRetentionUntil(date: string, createdAt: number, seconds = 0): number {
  if (seconds > 0) return createdAt + seconds * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const [y, mo, d] = m
    ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])]
    : (() => {
        const c = new Date(createdAt);
        return [c.getUTCFullYear(), c.getUTCMonth(), c.getUTCDate()];
      })();
  return Date.UTC(y, mo + DEFAULT_RETENTION_MONTHS, d) + DAY_MS;
}

/** An event's retention end; records from before retention existed get the default. */
export const retentionOf = (e: Pick<EventRecord, 'retentionUntil' | 'date' | 'createdAt'>): number => e.retentionUntil ?? defaultRetentionUntil(e.date, e.createdAt);
