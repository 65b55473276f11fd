/**
 * Runs Debian's nginx in front of test servers, with the repository's own site file
 * (deploy/nginx/panel-board.conf): only the upstream addresses and the listen port are
 * substituted. Everything nginx writes (pid, error log, temp files) stays in a temp directory.
 * A missing nginx fails with the command that installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/ports.js';

export const NGINX = '/usr/sbin/nginx';
export const NGINX_SITE = 'deploy/nginx/panel-board.conf';
const INSTALL = 'sudo apt-get update && sudo apt-get install -y nginx';

export interface TestNginx {
  url: string;
  port: number;
  /** The site file as nginx runs it (after substitution). */
  site: string;
  /** nginx's error log so far, for failure messages. */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** The documented site file with the test's upstreams and listen address; throws if either is not where it is expected. */
export function substituteSite(site: string, upstreams: readonly string[], listen: string): string {
  const upstream = /(upstream panel_board \{\n)((?:\s*#.*\n)*)((?:\s*server \S+;\n)+)/;
  const listenLine = /^(\s*)listen 80;$/m;
  if (!upstream.test(site) || !listenLine.test(site)) throw new Error(`${NGINX_SITE}: expected an "upstream panel_board" block of "server" lines and a "listen 80;" line`);
  return site
    .replace(upstream, (_m, head: string, comments: string) => `${head}${comments}${upstreams.map((u) => `    server ${u};\n`).join('')}`)
    .replace(listenLine, `$1listen ${listen};`);
}

function mainConf(dir: string): string {
  const asRoot = process.getuid?.() === 0;
  return [
    // As root, workers would otherwise run as `nobody` and could not write the temp directory.
    asRoot ? 'user root;' : '',
    'worker_processes 1;',
    // Each proxied websocket holds two connections (client side and upstream side).
    'worker_rlimit_nofile 16384;',
    `error_log ${dir}/error.log warn;`,
    `pid ${dir}/nginx.pid;`,
    'events { worker_connections 8192; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${dir}/client_body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    `  include ${dir}/panel-board.conf;`,
    '}',
    ''
  ].join('\n');
}

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });

export async function startNginx(options: { upstreams: readonly string[]; /** Only to test the missing-nginx message. */ binary?: string }): Promise<TestNginx> {
  const nginx = options.binary ?? NGINX;
  if (!existsSync(nginx)) throw new Error(`nginx is missing (${nginx}). Install it with: ${INSTALL}`);
  const dir = await mkdtemp(join(tmpdir(), 'pb-nginx-'));
  const port = await freePort();
  const site = substituteSite(await readFile(NGINX_SITE, 'utf8'), options.upstreams, `127.0.0.1:${port}`);
  await writeFile(join(dir, 'panel-board.conf'), site);
  await writeFile(join(dir, 'nginx.conf'), mainConf(dir));
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const check = spawnSync(nginx, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t rejected the configuration:\n${check.stderr}\n${site}`);
  const child: ChildProcess = spawn(nginx, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start on port ${port}:\n${stderr}\n${await errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    site,
    errorLog,
    async stop() {
      if (child.exitCode === null) {
        // SIGTERM: fast shutdown (the test has closed its clients already).
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
  };
}
