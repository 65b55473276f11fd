/** Structured logs. Tokens never reach a log line: `redact` is a second fence behind not logging them. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(options: { level: LogLevel; name?: string }): Logger {
  return pino({
    name: options.name ?? 'panel-board',
    level: options.level,
    redact: { paths: ['token', '*.token', 'auth.token', 'req.url', 'req.headers.authorization'], censor: '[redacted]' }
  });
}
