/**
 * Twemoji's file name for an emoji: its code points in lower-case hex joined by '-', without the
 * variation selector U+FE0F unless the sequence has a zero-width joiner (Twemoji's own rule).
 */
export function twemojiName(emoji: string): string {
  const points = [...emoji].map((ch) => ch.codePointAt(0)!);
  const kept = points.includes(0x200d) ? points : points.filter((p) => p !== 0xfe0f);
  return kept.map((p) => p.toString(16)).join('-');
}
