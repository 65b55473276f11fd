/** A bounded request body as bytes (the JSON import parses it in the heavy-work worker, not here). */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-util.js';

const tooLarge = (maxBytes: number, env: string): HttpError =>
  new HttpError(413, 'too-large', `Body exceeds ${maxBytes} bytes (${env})`);

/** Refuses a declared Content-Length over the bound before reading a byte, and stops reading at the bound otherwise. */
export function readBodyBytes(req: IncomingMessage, maxBytes: number, env: string): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes, env));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes, env));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => !failed && reject(err));
    req.on('end', () => !failed && resolve(new Uint8Array(Buffer.concat(chunks, size))));
  });
}
