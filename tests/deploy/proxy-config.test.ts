/**
 * The nginx site file the README documents is the one the deploy test runs: substituting the
 * upstreams and the listen port changes nothing else. A machine without nginx fails with the
 * command that installs it.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { NGINX_SITE, startNginx, substituteSite } from '../helpers/nginx.js';

describe('deploy/nginx/panel-board.conf as the tests run it', () => {
  it('differs from the documented file only in the upstream servers and the listen line', async () => {
    const site = await readFile(NGINX_SITE, 'utf8');
    const tested = substituteSite(site, ['127.0.0.1:4001', '127.0.0.1:4002'], '127.0.0.1:4000');
    const changed = (a: string, b: string) => a.split('\n').filter((line, i) => line !== b.split('\n')[i]);
    expect(tested.split('\n')).toHaveLength(site.split('\n').length);
    expect(changed(site, tested).map((l) => l.trim())).toEqual(['server app1:3000;', 'server app2:3000;', 'listen 80;']);
    expect(changed(tested, site).map((l) => l.trim())).toEqual(['server 127.0.0.1:4001;', 'server 127.0.0.1:4002;', 'listen 127.0.0.1:4000;']);
    // What the venue relies on, present in the one file: websocket upgrades, the forwarded address, uploads.
    for (const directive of [
      'proxy_set_header Upgrade $http_upgrade;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'location /yjs/',
      'location /socket.io/',
      'proxy_read_timeout 1h;',
      'client_max_body_size 26m;',
      'access_log off;'
    ]) {
      expect(site).toContain(directive);
    }
  });

  it('a missing nginx fails with the apt-get command, not a skip', async () => {
    await expect(startNginx({ upstreams: ['127.0.0.1:1'], binary: '/nonexistent/nginx' })).rejects.toThrow('apt-get install -y nginx');
  });
});
