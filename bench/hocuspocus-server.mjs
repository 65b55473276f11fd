/**
 * The Hocuspocus peer of the benchmark: @hocuspocus/server 4.x in memory (no extensions, no
 * persistence, no auth hook), on HOST:PORT. Started as a child process by bench/servers.ts.
 * Clients speak the Hocuspocus framing (bench/protocol.ts): every message is prefixed with the
 * document name, and the first one is an Auth message.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 1234),
  quiet: true,
  // idle readers (awareness renewal off) would be closed after the default 30 s
  timeout: 10 * 60_000,
  stopOnSignals: true
});

await server.listen();
