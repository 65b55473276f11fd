/**
 * Reading an outbox as stored on the device (outbox.ts): tolerant, since the stored copy may be
 * from an older version or damaged; a damaged entry is dropped, never fatal.
 */
import { CARD_KINDS, REJECT_REASONS } from '../board/types.js';
import type { OutboxContent, OutboxItem } from './outbox-types.js';

/**
 * Where one submission stands, as its submitter sees it:
 * saved (on this device, not yet acknowledged) → sending → pending (waiting for moderation)
 * → approved (shown) or rejected (with a reason); refused when the server would not take it
 * at all (the person may try again or discard it).
 */
export const OUTBOX_PHASES = ['saved', 'sending', 'pending', 'approved', 'rejected', 'refused'] as const;
export type OutboxPhase = (typeof OUTBOX_PHASES)[number];

const KEY = /^[A-Za-z0-9_-]{8,64}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null => ((values as readonly unknown[]).includes(v) ? (v as T) : null);

function readContent(v: unknown): OutboxContent | null {
  if (!isRecord(v) || typeof v.text !== 'string') return null;
  if (v.type === 'comment') return { type: 'comment', cardId: str(v.cardId), text: v.text };
  const kind = oneOf(CARD_KINDS, v.kind);
  return v.type === 'card' && kind ? { type: 'card', kind, text: v.text, topicId: strOrNull(v.topicId) } : null;
}

function readItem(v: unknown): OutboxItem | null {
  if (!isRecord(v) || typeof v.key !== 'string' || !KEY.test(v.key)) return null;
  const content = readContent(v.content);
  const phase = oneOf(OUTBOX_PHASES, v.phase);
  if (!content || !phase) return null;
  const failure = isRecord(v.failure) ? { reason: str(v.failure.reason), message: str(v.failure.message) } : null;
  return {
    key: v.key,
    content,
    author: str(v.author),
    nameConsent: v.nameConsent === true,
    orgId: strOrNull(v.orgId),
    createdAt: num(v.createdAt),
    // A page closed mid-send never heard back: send it again (same key, so at most once).
    phase: phase === 'sending' ? 'saved' : phase,
    attempts: num(v.attempts),
    failure,
    retryAt: null,
    submissionId: strOrNull(v.submissionId),
    reason: oneOf(REJECT_REASONS, v.reason),
    resultId: strOrNull(v.resultId),
    hidden: v.hidden === true
  };
}

export function readItems(stored: unknown): OutboxItem[] {
  if (!Array.isArray(stored)) return [];
  const byKey = new Map<string, OutboxItem>();
  for (const entry of stored) {
    const item = readItem(entry);
    if (item && !byKey.has(item.key)) byKey.set(item.key, item);
  }
  return [...byKey.values()].sort((a, b) => b.createdAt - a.createdAt);
}
