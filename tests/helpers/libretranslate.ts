/**
 * A small local server speaking LibreTranslate's API (https://libretranslate.com/docs), for the
 * translation tests: `GET /languages` → [{ code, name, targets }], `POST /translate` with
 * { q, source, target, format, api_key } → { translatedText, detectedLanguage? }, errors as
 * { error } with 400/403/500. A real HTTP server on port 0. Translations are deterministic:
 * "<target>: <text>"; with source 'auto' the language is detected from the script (Cyrillic →
 * uk, Vietnamese letters → vi, Czech letters → cs, else en). Modes make it fail or never answer.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'ok' | 'error' | 'hang';

export interface FakeLibreTranslate {
  url: string;
  /** Every /translate body received, in order. */
  requests: { q: string; source: string; target: string; format: string; api_key?: string }[];
  setMode(mode: FakeMode): void;
  close(): Promise<void>;
}

const LANGUAGES = [
  { code: 'cs', name: 'Czech' },
  { code: 'en', name: 'English' },
  { code: 'uk', name: 'Ukrainian' },
  { code: 'vi', name: 'Vietnamese' },
  { code: 'de', name: 'German' }
];

export function detect(text: string): string {
  if (/[\u0400-\u04ff]/.test(text)) return 'uk';
  if (/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(text)) return 'vi';
  if (/[ěščřžýáíéůú]/i.test(text)) return 'cs';
  return 'en';
}

export const fakeTranslation = (target: string, text: string): string => `${target}: ${text}`;

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeLibreTranslate(options: { apiKey?: string } = {}): Promise<FakeLibreTranslate> {
  let mode: FakeMode = 'ok';
  const requests: FakeLibreTranslate['requests'] = [];
  const hanging = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const send = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    void (async () => {
      if (req.method === 'GET' && req.url === '/languages')
        return send(
          200,
          LANGUAGES.map((l) => ({ ...l, targets: LANGUAGES.map((t) => t.code).filter((c) => c !== l.code) }))
        );
      if (req.method !== 'POST' || req.url !== '/translate') return send(404, { error: 'Not found' });
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(await body(req)) as Record<string, unknown>;
      } catch {
        return send(400, { error: 'Invalid request: bad JSON' });
      }
      const { q, source, target, format } = input;
      if (typeof q !== 'string' || typeof source !== 'string' || typeof target !== 'string') return send(400, { error: 'Invalid request: missing q, source or target parameter' });
      requests.push({ q, source, target, format: String(format), ...(typeof input.api_key === 'string' ? { api_key: input.api_key } : {}) });
      if (options.apiKey && input.api_key !== options.apiKey) return send(403, { error: 'Invalid API key' });
      if (mode === 'error') return send(500, { error: 'Cannot translate text: model crashed' });
      if (mode === 'hang') return void hanging.add(() => res.destroy());
      const detected = source === 'auto' ? detect(q) : source;
      send(200, { translatedText: fakeTranslation(target, q), ...(source === 'auto' ? { detectedLanguage: { confidence: 90, language: detected } } : {}) });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode: (m) => void (mode = m),
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
