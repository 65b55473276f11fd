/** A file's size for people: kB under a megabyte (never "0 kB"), MB from there; one decimal. */
export function fileSize(bytes: number, number: (n: number) => string): string {
  if (bytes >= 1024 * 1024) return `${number(Math.round(bytes / 104857.6) / 10)} MB`;
  return `${number(Math.max(0.1, Math.round(bytes / 102.4) / 10))} kB`;
}
