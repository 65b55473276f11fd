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

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        failed = true;
        reject(new HttpError(413, 'invalid-payload', `Body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => !failed && reject(err));
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? undefined : (JSON.parse(text) as unknown));
      } catch {
        reject(new HttpError(400, 'invalid-payload', 'Body is not valid JSON'));
      }
    });
  });
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
