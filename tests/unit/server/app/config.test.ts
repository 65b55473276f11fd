import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../server/app/config.js';
import { ConfigError } from '../../../../server/app/env.js';
import { DEFAULT_LIMITS } from '../../../../server/app/limits.js';

describe('config', () => {
  it('C1: defaults when the environment is empty', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', publicUrl: 'http://localhost:3000', redisUrl: null, store: 'sqlite', logLevel: 'info' });
    expect(c.dataDir).toMatch(/data$/);
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    expect(c.limits.maxFrameBytes).toBe(1024 * 1024);
    expect(c.limits.maxAwarenessBytes).toBe(16 * 1024);
  });

  it('C2: overrides, including limits, are parsed and typed', () => {
    const c = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://panel.example.org/',
      REDIS_URL: 'redis://r:6379',
      LOG_LEVEL: 'warn',
      LIMIT_MAX_FRAME_BYTES: '2048',
      STORE: 'memory'
    });
    expect(c).toMatchObject({ port: 8080, publicUrl: 'https://panel.example.org', redisUrl: 'redis://r:6379', logLevel: 'warn', store: 'memory' });
    expect(c.limits.maxFrameBytes).toBe(2048);
  });

  it('C3: a port of 0 leaves the public URL to the listening port', () => {
    expect(loadConfig({ PORT: '0' }).publicUrl).toBeNull();
  });

  it('C4: invalid values fail loudly', () => {
    for (const env of [{ PORT: 'x' }, { PORT: '70000' }, { LOG_LEVEL: 'loud' }, { STORE: 'mongo' }, { PUBLIC_URL: 'not a url' }, { LIMIT_MAX_DOC_BYTES: '-1' }])
      expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it('C5: /metrics is served only with METRICS_TOKEN (16+ characters) or METRICS_PORT; the connection defaults fit a hall of 1,500 phones', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, metricsPort: null });
    expect(loadConfig({ METRICS_TOKEN: 't'.repeat(16), METRICS_PORT: '9464' })).toMatchObject({ metricsToken: 't'.repeat(16), metricsPort: 9464 });
    for (const env of [{ METRICS_TOKEN: 'short' }, { METRICS_PORT: '70000' }, { METRICS_PORT: 'x' }]) expect(() => loadConfig(env)).toThrow(ConfigError);
    const { limits } = loadConfig({});
    expect(limits.maxConnectionsPerIp).toBeGreaterThanOrEqual(3000);
    expect(limits.maxConnectionsPerBoard).toBeGreaterThanOrEqual(3000);
    expect(limits.connectionBurstPerIp).toBeGreaterThanOrEqual(3000);
    expect(loadConfig({ LIMIT_RESERVED_STAFF_CONNECTIONS_PER_BOARD: '50' }).limits.reservedStaffConnectionsPerBoard).toBe(50);
  });
});
