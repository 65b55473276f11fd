/** Small helpers for the plain-node HTTP adapter: bounded JSON bodies and typed replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
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

/** A payload checked against its schema: 400 `invalid-payload` with the first issues otherwise. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success)
    throw new HttpError(
      400,
      'invalid-payload',
      result.issues
        .map((i) => i.message)
        .slice(0, 3)
        .join('; ')
    );
  return result.output;
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
export function attachment(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
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
