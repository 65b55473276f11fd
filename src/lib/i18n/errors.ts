/** Localized text for a failure reason (ack reasons, board command reasons, client timeouts). */
import type { MessageKey } from './en.js';
import { en } from './en.js';

export function errorKey(reason: string): MessageKey | null {
  const key = `error.${reason}`;
  return key in en ? (key as MessageKey) : null;
}
