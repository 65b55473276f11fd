/**
 * What the redaction dialog edits: the fields of a card (text, author), a comment (text,
 * nickname) or a poll (question, options) that may hold personal data, and the action that
 * erases the changed ones; a written poll answer has no field: it is removed whole. Pure, so the rules are unit-tested apart from the dialog.
 */
import { MAX_CARD_TEXT, MAX_COMMENT_TEXT, MAX_NAME, MAX_POLL_OPTION, MAX_POLL_QUESTION, type Card, type Comment, type Poll } from '../../../../lib/board/types.js';
import type { MessageKey } from '../../../../lib/i18n/index.js';
import type { ActionMap } from '../../../../lib/protocol/events.js';

export type RedactTarget =
  { kind: 'card'; card: Card } | { kind: 'comment'; comment: Comment } | { kind: 'poll'; poll: Poll } | { kind: 'answer'; answer: { id: string; text: string } };

export interface RedactField {
  /** 'text', 'author', 'question', or an option id prefixed with 'option:'. */
  key: string;
  label: MessageKey;
  /** Shown after the label (an option's number). */
  labelArg: string | null;
  original: string;
  max: number;
  multiline: boolean;
  /** Whether the field may be left empty (a name may be erased entirely). */
  optional: boolean;
}

export function redactFields(target: RedactTarget): RedactField[] {
  const field = (key: string, label: MessageKey, original: string, max: number, multiline: boolean, optional: boolean, labelArg: string | null = null): RedactField => ({
    key,
    label,
    labelArg,
    original,
    max,
    multiline,
    optional
  });
  switch (target.kind) {
    case 'card':
      return [field('text', 'redact.text', target.card.text, MAX_CARD_TEXT, true, false), field('author', 'redact.author', target.card.author, MAX_NAME, false, true)];
    case 'comment':
      return [field('text', 'redact.text', target.comment.text, MAX_COMMENT_TEXT, true, false), field('author', 'redact.nickname', target.comment.author, MAX_NAME, false, true)];
    case 'poll':
      return [
        field('question', 'redact.question', target.poll.question, MAX_POLL_QUESTION, false, false),
        ...target.poll.options.map((o, i) => field(`option:${o.id}`, 'redact.option', o.text, MAX_POLL_OPTION, false, false, String(i + 1)))
      ];
    case 'answer':
      return [];
    default: {
      const never: never = target;
      return never;
    }
  }
}

export type DraftProblem = 'unchanged' | 'empty' | 'too-long';

export type RedactAction =
  | { name: 'card:redact'; payload: ActionMap['card:redact']['payload'] }
  | { name: 'comment:redact'; payload: ActionMap['comment:redact']['payload'] }
  | { name: 'poll:redact'; payload: ActionMap['poll:redact']['payload'] }
  | { name: 'poll:answer:redact'; payload: ActionMap['poll:answer:redact']['payload'] };

/** The action erasing what changed, or the problem that stops it. `values`: field key → text typed. */
export function redactAction(target: RedactTarget, values: Readonly<Record<string, string>>): RedactAction | { problem: DraftProblem } {
  if (target.kind === 'answer') return { name: 'poll:answer:redact', payload: { answerId: target.answer.id } };
  const changed = redactFields(target).filter((f) => (values[f.key] ?? f.original).trim() !== f.original.trim());
  if (changed.length === 0) return { problem: 'unchanged' };
  for (const f of changed) {
    const value = values[f.key].trim();
    if (value.length === 0 && !f.optional) return { problem: 'empty' };
    if (value.length > f.max) return { problem: 'too-long' };
  }
  const get = (key: string): string | undefined => changed.find((f) => f.key === key) && values[key].trim();
  switch (target.kind) {
    case 'card':
      return { name: 'card:redact', payload: { cardId: target.card.id, text: get('text'), author: get('author') } };
    case 'comment':
      return { name: 'comment:redact', payload: { commentId: target.comment.id, text: get('text'), author: get('author') } };
    case 'poll': {
      const options = changed.filter((f) => f.key.startsWith('option:')).map((f) => ({ id: f.key.slice('option:'.length), text: values[f.key].trim() }));
      return { name: 'poll:redact', payload: { pollId: target.poll.id, question: get('question'), ...(options.length > 0 && { options }) } };
    }
    default: {
      const never: never = target;
      return never;
    }
  }
}
