/**
 * The Hocuspocus peer of the benchmark: @hocuspocus/server 4.x in memory (no persistence, no
 * auth hook), on HOST:PORT. Started as a child process by bench/servers.ts. Clients speak the
 * Hocuspocus framing (bench/protocol.ts): every message is prefixed with the document name, and
 * the first one is an Auth message.
 *
 * With REDIS_URL set (the two-instance scenario), it loads @hocuspocus/extension-redis, as its
 * documentation sets it up for scale-out: REDIS_PREFIX is the key namespace of the run and
 * INSTANCE_ID the instance's identifier, so two such processes share every document.
 */
import { Server } from '@hocuspocus/server';

const extensions = [];
if (process.env.REDIS_URL) {
  const { Redis } = await import('@hocuspocus/extension-redis');
  const url = new URL(process.env.REDIS_URL);
  extensions.push(
    new Redis({
      host: url.hostname || '127.0.0.1',
      port: Number(url.port) || 6379,
      prefix: process.env.REDIS_PREFIX ?? 'hocuspocus',
      ...(process.env.INSTANCE_ID ? { identifier: process.env.INSTANCE_ID } : {})
    })
  );
}

const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 1234),
  quiet: true,
  // idle readers (awareness renewal off) would be closed after the default 30 s
  timeout: 10 * 60_000,
  stopOnSignals: true,
  extensions
});

await server.listen();
