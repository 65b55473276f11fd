/** Names of the reactions, for labels and screen readers (the emoji alone reads differently everywhere). */
import type { Reaction } from '$lib/board/types.js';

export const REACTION_NAMES = {
  '👍': 'reactions.name.thumbs-up',
  '❤️': 'reactions.name.heart',
  '👏': 'reactions.name.clap',
  '🤔': 'reactions.name.thinking',
  '❓': 'reactions.name.question',
  '💡': 'reactions.name.idea',
  '🎉': 'reactions.name.party',
  '🙌': 'reactions.name.raised-hands',
  '😮': 'reactions.name.surprise',
  '👎': 'reactions.name.thumbs-down'
} as const satisfies Record<Reaction, string>;
