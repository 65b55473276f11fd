// `pretest`: what `npm test` needs besides node_modules, checked (and on a fresh Debian machine
// set up) before the build and the tests run:
//   - Debian packages: chromium (browser tests), redis-server (scale-out), poppler-utils
//     (pdftotext/pdftoppm for the PDF exports), nginx (the deploy tests);
//   - a Redis answering on REDIS_URL or 127.0.0.1:6379.
// As root, missing packages are installed with apt-get and a redis-server is started when none
// answers. Otherwise it prints the one command that installs what is missing, and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { Socket } from 'node:net';

const PACKAGES = [
  { name: 'chromium', present: () => executable('/usr/bin/chromium') },
  { name: 'redis-server', present: () => onPath('redis-server') },
  { name: 'poppler-utils', present: () => onPath('pdftotext') && onPath('pdftoppm') },
  { name: 'nginx', present: () => executable('/usr/sbin/nginx') }
];
// The same command .ci/run used: a throwaway Redis for the tests (no persistence).
const REDIS_SERVER = ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'];

const say = (message) => console.log(`pretest: ${message}`);
const isRoot = process.getuid?.() === 0;
const sudo = isRoot ? '' : 'sudo ';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && executable(`${dir}/${command}`));
}

function ping(url, timeoutMs = 500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
    socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

function installPackages(names) {
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y ${names.join(' ')}`;
  if (!isRoot || !onPath('apt-get')) {
    say(`missing Debian packages: ${names.join(', ')}. Install them with:\n\n  ${command}\n`);
    process.exit(1);
  }
  say(`installing ${names.join(' ')} with apt-get (chromium takes about a minute)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const still = PACKAGES.filter((p) => names.includes(p.name) && !p.present()).map((p) => p.name);
  if (still.length > 0) {
    say(`apt-get finished but ${still.join(', ')} is still missing. Install it with:\n\n  ${command}\n`);
    process.exit(1);
  }
}

/** Resolves with where the tests will find Redis. */
async function ensureRedis() {
  const urls = [process.env.REDIS_URL, 'redis://127.0.0.1:6379'].filter(Boolean);
  for (const url of urls) if (await ping(url)) return `Redis answers on ${url}`;
  if (!isRoot) {
    // tests/helpers/redis.ts then starts a private redis-server from PATH for each test file.
    return 'no Redis answers on 127.0.0.1:6379, so the tests start their own redis-server';
  }
  say('starting redis-server on 127.0.0.1:6379');
  const started = spawnSync('redis-server', REDIS_SERVER, { stdio: 'inherit' });
  if (started.status !== 0) {
    say(`redis-server did not start. Install it with:\n\n  ${sudo}apt-get update && ${sudo}apt-get install -y redis-server\n`);
    process.exit(1);
  }
  for (let i = 0; i < 50; i++) {
    if (await ping('redis://127.0.0.1:6379')) return 'Redis answers on redis://127.0.0.1:6379';
    await new Promise((r) => setTimeout(r, 100));
  }
  say('redis-server was started but does not answer on 127.0.0.1:6379');
  process.exit(1);
}

const missing = PACKAGES.filter((p) => !p.present()).map((p) => p.name);
if (missing.length > 0) installPackages(missing);
const redis = await ensureRedis();
say(`${PACKAGES.map((p) => p.name).join(', ')} are installed; ${redis}`);
