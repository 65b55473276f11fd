/**
 * Prometheus metrics for one server instance (`GET /metrics`). Each `createMetrics()` owns its
 * registry, never prom-client's global one, so tests can start many servers in one process.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Role } from '../../src/lib/roles/index.js';
import type { DocStore } from '../sync/doc-store.js';

export type TransportName = 'yjs' | 'socket.io';
/** 1 connected, 0 down or reconnecting; null when the instance runs without Redis. */
export type RedisStatusSource = () => 0 | 1 | null;

export interface Metrics {
  readonly registry: Registry;
  connectionOpened(transport: TransportName, role: Role): void;
  connectionClosed(transport: TransportName, role: Role): void;
  messageIn(transport: TransportName): void;
  /** `count` frames sent (a broadcast reports its frames at once: one label lookup, not one per peer). */
  messageOut(transport: TransportName, count?: number): void;
  /** A message, connection or request refused, by reason (e.g. `malformed`, `rate-limited`). */
  rejected(reason: string): void;
  /** Lets the Redis wiring report its state; read at every scrape. */
  setRedisStatusSource(source: RedisStatusSource): void;
  /** Wraps a DocStore so every append's latency lands in the persistence histogram. */
  instrumentDocStore(store: DocStore): DocStore;
  /** The text exposition format. */
  render(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const connections = new Gauge({ name: 'panel_board_connections', help: 'Open connections by transport and role', labelNames: ['transport', 'role'], registers: [registry] });
  const messagesIn = new Counter({ name: 'panel_board_messages_in_total', help: 'Messages received', labelNames: ['transport'], registers: [registry] });
  const messagesOut = new Counter({ name: 'panel_board_messages_out_total', help: 'Messages sent', labelNames: ['transport'], registers: [registry] });
  const rejected = new Counter({ name: 'panel_board_rejected_total', help: 'Refused messages, connections and requests by reason', labelNames: ['reason'], registers: [registry] });
  const append = new Histogram({
    name: 'panel_board_persist_append_seconds',
    help: 'Latency of one DocStore append',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry]
  });
  let redisSource: RedisStatusSource = () => null;
  new Gauge({
    name: 'panel_board_redis_up',
    help: '1 when Redis is connected, 0 when down; -1 when the instance runs without Redis',
    registers: [registry],
    collect() {
      this.set(redisSource() ?? -1);
    }
  });
  return {
    registry,
    connectionOpened: (transport, role) => connections.inc({ transport, role }),
    connectionClosed: (transport, role) => connections.dec({ transport, role }),
    messageIn: (transport) => messagesIn.inc({ transport }),
    messageOut: (transport, count = 1) => messagesOut.inc({ transport }, count),
    rejected: (reason) => rejected.inc({ reason }),
    setRedisStatusSource: (source) => void (redisSource = source),
    instrumentDocStore: (store) => ({
      load: (name) => store.load(name),
      ...(store.heads ? { heads: store.heads.bind(store) } : {}),
      async append(name, update) {
        const end = append.startTimer();
        try {
          return await store.append(name, update);
        } finally {
          end();
        }
      },
      compact: (name, snapshot, upTo) => store.compact(name, snapshot, upTo),
      scrub: () => store.scrub(),
      delete: (name) => store.delete(name),
      close: () => store.close()
    }),
    render: () => registry.metrics()
  };
}
