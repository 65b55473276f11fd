/**
 * W1: the values a writer may give a card's fields when it inserts the card (and W2 when it sets
 * a content field of a card it may edit): the card's own id, its own author key, texts within
 * their caps, known kinds, plain numbers; moderation fields only at their neutral values.
 * The ranges of times and orders are W7 (value-ranges.ts).
 */
import { isCardKind } from '../../src/lib/board/layout.js';
import { MAX_CARD_TEXT, MAX_NAME } from '../../src/lib/board/types.js';

const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

export function validValue(field: string, value: unknown, cardId: string, participantKey: string): boolean {
  switch (field) {
    case 'id':
      return value === cardId;
    case 'kind':
      return isCardKind(value);
    case 'text':
      return typeof value === 'string' && value.length <= MAX_CARD_TEXT;
    case 'author':
      return typeof value === 'string' && value.length <= MAX_NAME;
    case 'authorKey':
      return value === participantKey;
    case 'orgId':
    case 'topicId':
      return isStringOrNull(value);
    case 'order':
    case 'createdAt':
    case 'updatedAt':
      return isNumber(value);
    case 'nameConsent':
      return typeof value === 'boolean';
    case 'hidden':
      return value === false;
    case 'clusterId':
    case 'redactedAt':
    case 'answeredAt':
      return value === null;
    default:
      return false;
  }
}
