/** What every outputs download shares: its headers, a writer that sends them with the first byte, and heavy work mapped to HTTP. */
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { isLocale, type Locale } from '../../src/lib/i18n/types.js';
import { attachment, HttpError } from '../http/http-util.js';
import { HeavyBusyError, HeavyJobError } from './heavy/pool.js';

/** Who reads: the moderator (everything, never cached) or the public (published outputs only). */
export type Reader = 'moderator' | 'public';

export const langOf = (url: URL): Locale => {
  const l = url.searchParams.get('lang');
  return isLocale(l) ? l : 'cs';
};

export function startDownload(res: ServerResponse, type: string, name: string, reader: Reader, length?: number): void {
  res.writeHead(200, {
    'content-type': type,
    'content-disposition': attachment(name),
    'cache-control': reader === 'moderator' ? 'no-store' : 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(length === undefined ? {} : { 'content-length': length })
  });
}

/** A Writable into `res` that sends the download's headers with its first byte. */
export function downloadWriter(res: ServerResponse, start: () => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!res.headersSent) start();
      res.write(chunk);
      done();
    }
  });
}

/** Runs heavy work for `res`, mapping a full queue to 503 + Retry-After and a failed job to a clear error. */
export async function heavyWork<T>(res: ServerResponse, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HeavyBusyError) {
      if (!res.headersSent) res.setHeader('retry-after', String(err.retryAfterS));
      throw new HttpError(503, 'rate-limited', err.message);
    }
    if (err instanceof HeavyJobError) {
      if (err.failure === 'memory') throw new HttpError(413, 'too-large', err.message);
      if (!res.headersSent) res.setHeader('retry-after', '5');
      throw new HttpError(503, 'internal', err.message);
    }
    throw err;
  }
}
