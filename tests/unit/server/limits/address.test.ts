import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, normalizeAddress, parseTrustProxy } from '../../../../server/limits/address.js';

const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as never;

describe('clientAddress under TRUST_PROXY', () => {
  it('trusts nothing by default: forwarding headers are ignored', () => {
    const trust = parseTrustProxy(undefined);
    expect(clientAddress(req('10.0.0.1', { 'x-forwarded-for': '1.2.3.4' }), trust)).toBe('10.0.0.1');
    expect(clientAddress(req('::ffff:10.0.0.1'), trust)).toBe('10.0.0.1');
  });

  it('a hop count believes that many proxies, from the nearest', () => {
    const one = parseTrustProxy('1');
    expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }), one)).toBe('1.2.3.4');
    const two = parseTrustProxy('2');
    expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }), two)).toBe('6.6.6.6');
    // More hops than the header has: the leftmost address.
    expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': '1.2.3.4' }), parseTrustProxy('5'))).toBe('1.2.3.4');
  });

  it('a CIDR list believes only listed proxies; a spoofed leftmost entry is never reached', () => {
    const trust = parseTrustProxy('loopback, 10.0.0.0/8');
    expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': '9.9.9.9, 1.2.3.4, 10.1.1.1' }), trust)).toBe('1.2.3.4');
    expect(clientAddress(req('8.8.8.8', { 'x-forwarded-for': '1.2.3.4' }), trust)).toBe('8.8.8.8');
  });

  it('reads the standard Forwarded header when there is no X-Forwarded-For', () => {
    const trust = parseTrustProxy('1');
    expect(clientAddress(req('127.0.0.1', { forwarded: 'for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"' }), trust)).toBe('2001:db8::17');
  });

  it('garbage from a trusted proxy falls back to the proxy', () => {
    expect(clientAddress(req('127.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), parseTrustProxy('1'))).toBe('127.0.0.1');
  });

  it('refuses a TRUST_PROXY that is not a count, an address, a CIDR or a name', () => {
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/prefix/);
  });
});

describe('addressKey', () => {
  it('keeps IPv4, groups IPv6 by /64', () => {
    expect(addressKey('127.0.0.7')).toBe('127.0.0.7');
    expect(addressKey('::ffff:127.0.0.7')).toBe('127.0.0.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(normalizeAddress('[::1]')).toBe('::1');
  });
});
