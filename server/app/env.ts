/** Reading one environment variable: the error a bad value is refused with, and the parsers shared by config.ts and limits.ts. */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

export function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

export function parseUrl(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  try {
    return new URL(raw).href.replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
}

export function parseSecret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32) throw new ConfigError(`${name} must be at least 32 characters (e.g. \`openssl rand -base64 32\`)`);
  return raw;
}
