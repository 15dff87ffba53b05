import { describe, expect, it } from 'vitest';
import { ipAllowed, originAllowed } from './access.js';

describe('chat widget access', () => {
  it('allows any page when a widget names no domains, and only the named ones otherwise', () => {
    expect(originAllowed([], undefined)).toBe(true);
    expect(originAllowed([], 'https://anything.test')).toBe(true);
    const domains = ['example.com', '*.shop.test', 'localhost:5173'];
    expect(originAllowed(domains, 'https://example.com')).toBe(true);
    expect(originAllowed(domains, 'http://example.com:8080')).toBe(true);
    expect(originAllowed(domains, 'https://www.example.com')).toBe(false);
    expect(originAllowed(domains, 'https://a.shop.test')).toBe(true);
    expect(originAllowed(domains, 'https://a.b.shop.test')).toBe(true);
    expect(originAllowed(domains, 'https://shop.test')).toBe(false);
    expect(originAllowed(domains, 'https://evilshop.test')).toBe(false);
    expect(originAllowed(domains, 'https://shop.test.evil.io')).toBe(false);
    expect(originAllowed(domains, 'http://localhost:5173')).toBe(true);
    expect(originAllowed(domains, 'http://localhost:3000')).toBe(false);
    expect(originAllowed(domains, undefined)).toBe(false);
    expect(originAllowed(domains, 'null')).toBe(false);
    expect(originAllowed(domains, 'file:///example.com')).toBe(false);
  });

  it('checks visitor addresses against IPs and CIDR blocks (IPv4, IPv6, IPv4-mapped)', () => {
    expect(ipAllowed([], '198.51.100.1')).toBe(true);
    const list = ['203.0.113.0/24', '192.0.2.10', '2001:db8::/32'];
    expect(ipAllowed(list, '203.0.113.77')).toBe(true);
    expect(ipAllowed(list, '::ffff:203.0.113.77')).toBe(true);
    expect(ipAllowed(list, '203.0.114.1')).toBe(false);
    expect(ipAllowed(list, '192.0.2.10')).toBe(true);
    expect(ipAllowed(list, '192.0.2.11')).toBe(false);
    expect(ipAllowed(list, '2001:db8:1::5')).toBe(true);
    expect(ipAllowed(list, '2001:db9::1')).toBe(false);
    expect(ipAllowed(list, undefined)).toBe(false);
    expect(ipAllowed(list, 'garbage')).toBe(false);
  });
});
