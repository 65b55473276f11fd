/** The poll launcher's draft: typed answers or the top voted cards, checked before 'poll:create'. */
import { rankedEntries } from '../../../../lib/board/selectors.js';
import { MAX_POLL_OPTION, MAX_POLL_OPTIONS, MAX_POLL_QUESTION, type BoardState, type PollKind, type ScaleMax } from '../../../../lib/board/types.js';

export interface DraftOption {
  text: string;
  cardId: string | null;
}

const clip = (text: string, max: number): string => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
};

/** The best ranked visible cards as answers (voted first, then the oldest), each remembering its card. */
export const topCardOptions = (board: BoardState, count = 5): DraftOption[] =>
  rankedEntries(board)
    .slice(0, Math.min(count, MAX_POLL_OPTIONS))
    .map(({ card }) => ({ text: clip(card.text, MAX_POLL_OPTION), cardId: card.id }));

/** The 'poll:create' payload, or null while the draft lacks a question or two answers. */
export function pollPayload(question: string, multiple: boolean, options: readonly DraftOption[]) {
  const q = question.trim();
  const answers = options.map((o) => ({ text: o.text.trim(), cardId: o.cardId })).filter((o) => o.text.length > 0);
  if (q.length === 0 || q.length > MAX_POLL_QUESTION || answers.length < 2 || answers.length > MAX_POLL_OPTIONS) return null;
  if (answers.some((o) => o.text.length > MAX_POLL_OPTION)) return null;
  return { question: q, multiple, options: answers };
}

/** The 'poll:create' payload of a scale, word-cloud or open-text poll (they take no options), or null without a question. */
export function kindPayload(question: string, kind: Exclude<PollKind, 'choice'>, scaleMax: ScaleMax) {
  const q = question.trim();
  if (q.length === 0 || q.length > MAX_POLL_QUESTION) return null;
  return { question: q, kind, multiple: false, options: [], ...(kind === 'scale' && { scaleMax }) };
}
