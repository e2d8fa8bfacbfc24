import { describe, expect, it } from 'vitest';
import { allowedHostnames, generateToken, hostAllowed, hostnameOf, originMatchesHost, tokenMatches } from './access';

describe('host access checks', () => {
  it('generates tokens of at least 128 bits that differ per start', () => {
    const a = generateToken();
    expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(generateToken()).not.toBe(a);
  });

  it('matches the token exactly, whatever the length of the guess', () => {
    const token = generateToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
  });

  it('allows loopback names, the bound address and extra names, and nothing else', () => {
    const allowed = allowedHostnames('127.0.0.1', ['Monitor.Lan']);
    expect(hostAllowed('127.0.0.1:7787', allowed)).toBe(true);
    expect(hostAllowed('localhost:7787', allowed)).toBe(true);
    expect(hostAllowed('[::1]:7787', allowed)).toBe(true);
    expect(hostAllowed('monitor.lan:7787', allowed)).toBe(true);
    expect(hostAllowed('evil.example:7787', allowed)).toBe(false);
    expect(hostAllowed(undefined, allowed)).toBe(false);
    expect(hostnameOf('bad host:1')).toBeNull();
  });

  it('requires a browser Origin to name the same host and port', () => {
    expect(originMatchesHost('http://127.0.0.1:7787', '127.0.0.1:7787')).toBe(true);
    expect(originMatchesHost('http://127.0.0.1:7788', '127.0.0.1:7787')).toBe(false);
    expect(originMatchesHost('https://evil.example', '127.0.0.1:7787')).toBe(false);
    expect(originMatchesHost('null', '127.0.0.1:7787')).toBe(false);
    expect(originMatchesHost(undefined, '127.0.0.1:7787')).toBe(true);
  });
});
