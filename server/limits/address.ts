/**
 * Who is asking: the client address of a request, and the key that per-address limits count.
 *
 * Behind a reverse proxy every peer is the proxy, so the proxy's `X-Forwarded-For` (or
 * `Forwarded`) is believed only as far as TRUST_PROXY says, in the manner of Express's
 * `trust proxy`: a hop count, or a list of addresses and CIDRs (`loopback`, `linklocal` and
 * `uniquelocal` name the usual ranges). The default trusts nothing.
 *
 * IPv6 clients get a whole /64 each, so per-address limits group IPv6 by /64.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; source: string } | { kind: 'all' };

const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']
};

export class TrustProxyError extends Error {
  override name = 'TrustProxyError';
}

/** Parses TRUST_PROXY: unset/false/0 = none; true = every hop; N = N hops; else a comma list of addresses/CIDRs/names. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return { kind: 'none' };
  if (value === 'true') return { kind: 'all' };
  if (/^\d+$/.test(value)) return { kind: 'hops', hops: Number(value) };
  const list = new BlockList();
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    for (const entry of NAMED[part] ?? [part]) {
      const [addr, bits] = entry.split('/');
      const family = isIP(addr);
      if (!family) throw new TrustProxyError(`TRUST_PROXY: "${part}" is not an address, a CIDR, a hop count or one of ${Object.keys(NAMED).join(', ')}`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      const max = family === 6 ? 128 : 32;
      const prefix = bits === undefined ? max : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new TrustProxyError(`TRUST_PROXY: bad prefix length in "${part}"`);
      list.addSubnet(addr, prefix, type);
    }
  }
  return { kind: 'list', list, source: value };
}

/** Drops IPv4-mapped IPv6 (`::ffff:1.2.3.4`), brackets and zone ids; '' for what isn't an address. */
export function normalizeAddress(raw: string | undefined): string {
  if (!raw) return '';
  let a = raw.trim();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const zone = a.indexOf('%');
  if (zone > 0) a = a.slice(0, zone);
  const lower = a.toLowerCase();
  if (lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4) return lower.slice(7);
  return isIP(lower) ? lower : '';
}

function trusted(trust: TrustProxy, addr: string, hop: number): boolean {
  switch (trust.kind) {
    case 'none':
      return false;
    case 'all':
      return true;
    case 'hops':
      return hop < trust.hops;
    case 'list':
      return addr !== '' && trust.list.check(addr, isIP(addr) === 6 ? 'ipv6' : 'ipv4');
  }
}

/** The addresses a request passed through, nearest first: the peer, then the forwarded ones right to left. */
function forwardedChain(req: Pick<IncomingMessage, 'headers'>): string[] {
  const xff = req.headers['x-forwarded-for'];
  if (xff) return (Array.isArray(xff) ? xff.join(',') : xff).split(',').map(normalizeAddress).reverse();
  const fwd = req.headers.forwarded;
  if (!fwd) return [];
  const out: string[] = [];
  for (const element of fwd.split(',')) {
    const pair = element
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.toLowerCase().startsWith('for='));
    out.push(pair ? normalizeAddress(pair.slice(4).replace(/^"|"$/g, '')) : '');
  }
  return out.reverse();
}

/** The client's address, believing forwarding headers only from trusted proxies. */
export function clientAddress(req: Pick<IncomingMessage, 'socket' | 'headers'>, trust: TrustProxy): string {
  const peer = normalizeAddress(req.socket.remoteAddress) || 'unknown';
  if (trust.kind === 'none') return peer;
  const chain = [peer, ...forwardedChain(req)];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!trusted(trust, chain[hop], hop)) return chain[hop] || 'unknown';
    // A trusted proxy that forwarded garbage: stop at the proxy itself.
    if (!chain[hop + 1]) return chain[hop];
  }
  return chain[chain.length - 1] || 'unknown';
}

/** The key per-address limits count under: the IPv4 address, or the IPv6 /64. */
export function addressKey(addr: string): string {
  const a = normalizeAddress(addr);
  if (isIP(a) !== 6) return a || addr;
  // Expand '::' and keep the first four groups.
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = a.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
