/**
 * Counting free-text poll answers for the word cloud: answers that differ only in case, width,
 * spacing or the punctuation around them are the same answer ("Doprava", "doprava!", " DOPRAVA ").
 * Pure and linear in the number of answers (one map pass, then a sort of the distinct ones).
 */

/** The form two answers share when they count as one. */
export function normalizeAnswer(text: string): string {
  const spaced = text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  const bare = spaced.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '');
  // An answer that is all punctuation ("?!") stays itself rather than becoming empty.
  return bare === '' ? spaced : bare;
}

export interface WordCount {
  /** The normalized form (normalizeAnswer). */
  key: string;
  /** How it is shown: the form given most often, the earliest one on a tie. */
  text: string;
  count: number;
}

/** The words in the cloud by default: more would not be legible on a projector. */
export const CLOUD_WORDS = 50;

/**
 * The `limit` most frequent answers, most frequent first; ties in alphabetical order of the
 * normalized form, so every view (projector, phone, exports) orders them the same.
 */
export function countWords(answers: Iterable<{ text: string }>, limit = CLOUD_WORDS): WordCount[] {
  const groups = new Map<string, { count: number; forms: Map<string, number>; first: string }>();
  for (const { text } of answers) {
    const key = normalizeAnswer(text);
    if (key === '') continue;
    const display = text.replace(/\s+/gu, ' ').trim();
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { count: 0, forms: new Map(), first: display }));
    group.count += 1;
    group.forms.set(display, (group.forms.get(display) ?? 0) + 1);
  }
  const words: WordCount[] = [];
  for (const [key, group] of groups) {
    let text = group.first;
    let best = group.forms.get(text) ?? 0;
    for (const [form, n] of group.forms) if (n > best) [text, best] = [form, n];
    words.push({ key, text, count: group.count });
  }
  words.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return words.slice(0, Math.max(0, limit));
}
