/** Small helpers for the plain-node HTTP adapter: bounded JSON bodies and typed replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody, ErrorReason } from '../../src/lib/protocol/errors.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: ErrorReason,
    message: string
  ) {
    super(message);
  }
}

/**
 * A request body as bytes, at most `maxBytes`: a declared Content-Length over the bound is refused
 * before a byte is read, and reading stops at the bound otherwise (`tooLarge` says how).
 */
export function readBodyBytes(req: IncomingMessage, maxBytes: number, tooLarge: () => HttpError): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
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
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => !failed && reject(err));
    req.on('end', () => !failed && resolve(new Uint8Array(Buffer.concat(chunks, size))));
  });
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const bytes = await readBodyBytes(req, maxBytes, () => new HttpError(413, 'invalid-payload', `Body exceeds ${maxBytes} bytes`));
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    throw new HttpError(400, 'invalid-payload', 'Body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store'
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, status: number, reason: ErrorReason, message: string): void {
  const body: ErrorBody = { ok: false, reason, message };
  if (status === 413) res.setHeader('connection', 'close');
  sendJson(res, status, body);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer'
  });
  res.end(html);
}
