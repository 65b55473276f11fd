/** Failures of audience actions in words, with the wait a rate limit asks for. */
import { i18n } from '$lib/i18n/index.js';

export interface Failure {
  reason: string;
  message: string;
  retryAfterMs?: number;
}

export const waitSeconds = (ms: number | undefined): number => Math.max(1, Math.ceil((ms ?? 1000) / 1000));

export function describeFailure(failure: Failure): string {
  switch (failure.reason) {
    case 'rate-limited':
      return i18n.t('participate.rateLimited', { seconds: waitSeconds(failure.retryAfterMs) });
    case 'locked':
      return i18n.t('participate.lockedNote');
    default:
      return i18n.error(failure.reason, failure.message);
  }
}
