/**
 * Redis's cost over a window (bench/redis-cost.ts): counters read from INFO, the probe's own
 * INFO taken out, per card written and per delivered card.
 */
import { describe, expect, it } from 'vitest';
import { parseRedisInfo, redisCost, type RedisCounters } from '../../../bench/redis-cost.js';

const info = (c: { sys: string; user: string; commands: number; bytesIn: number; bytesOut: number }) =>
  [
    '# CPU',
    `used_cpu_sys:${c.sys}`,
    `used_cpu_user:${c.user}`,
    'used_cpu_sys_children:0.000000',
    'used_cpu_user_children:0.000000',
    '',
    '# Stats',
    'total_connections_received:12',
    `total_commands_processed:${c.commands}`,
    'instantaneous_ops_per_sec:30',
    `total_net_input_bytes:${c.bytesIn}`,
    `total_net_output_bytes:${c.bytesOut}`,
    'total_net_repl_input_bytes:0',
    ''
  ].join('\r\n');

describe('parseRedisInfo', () => {
  it('reads CPU (sys + user), commands and net bytes from an INFO cpu stats reply', () => {
    const c = parseRedisInfo(info({ sys: '1.250000', user: '2.500000', commands: 1000, bytesIn: 5000, bytesOut: 9000 }));
    expect(c).toEqual({ cpuSeconds: 3.75, commands: 1000, bytesIn: 5000, bytesOut: 9000 });
  });

  it("counts the server's own CPU, not its children's (fork for a save or a rewrite)", () => {
    const text = info({ sys: '1', user: '2', commands: 1, bytesIn: 7, bytesOut: 8 })
      .replace('used_cpu_sys_children:0.000000', 'used_cpu_sys_children:40.000000')
      .replace('used_cpu_user_children:0.000000', 'used_cpu_user_children:50.000000');
    expect(parseRedisInfo(text).cpuSeconds).toBe(3);
  });

  it('fails on a reply without the counters (e.g. the wrong INFO sections)', () => {
    expect(() => parseRedisInfo('# Server\r\nredis_version:7.0.15\r\n')).toThrow(/used_cpu_sys/);
  });
});

describe('redisCost', () => {
  const before: RedisCounters = { cpuSeconds: 10, commands: 1_000, bytesIn: 100_000, bytesOut: 200_000 };
  const after: RedisCounters = { cpuSeconds: 10.5, commands: 3_001, bytesIn: 400_050, bytesOut: 1_200_400 };
  const probe = { commands: 1, bytesIn: 50, bytesOut: 400 };

  it('gives the window per card written and per delivered card, without the probe', () => {
    const cost = redisCost({ before, after, probe, windowS: 5, cardsWritten: 1_000, delivered: 200_000, shared: false });
    expect(cost.total).toEqual({ cpuSeconds: 0.5, commands: 2_000, bytesIn: 300_000, bytesOut: 1_000_000 });
    expect(cost.perCardWritten).toEqual({ cpuUs: 500, commands: 2, bytesIn: 300, bytesOut: 1_000 });
    expect(cost.perDeliveredCard).toEqual({ cpuUs: 2.5, commands: 0.01, bytesIn: 1.5, bytesOut: 5 });
    // 0.5 s of CPU over 5 s: 10 % of one core
    expect(cost.cpuPct).toBe(10);
    expect(cost.shared).toBe(false);
  });

  it('reports NaN per card, not Infinity, when no card was written', () => {
    const cost = redisCost({ before, after, probe, windowS: 5, cardsWritten: 0, delivered: 0, shared: true });
    expect(cost.perCardWritten.cpuUs).toBeNaN();
    expect(cost.perDeliveredCard.commands).toBeNaN();
    expect(cost.shared).toBe(true);
  });

  it('never reports a negative count when the probe is all Redis did', () => {
    const idle = { ...before, commands: before.commands + 1 };
    expect(redisCost({ before, after: idle, probe, windowS: 1, cardsWritten: 10, delivered: 10, shared: false }).total.commands).toBe(0);
  });
});
