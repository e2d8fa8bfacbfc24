import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { appRoot } from '../paths';
import { httpGet, startServe } from '../test-support/serve-process';
import { isLoopbackAddress } from './bind-address';

const bin = join(appRoot(), 'bin', 'forkscope.js');
const TOKEN = 'a-chosen-token-of-28-chars!!';

function serveSync(args: string[]) {
  return spawnSync(process.execPath, [bin, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 30_000 });
}

/** The first address of this machine that is neither loopback nor link-local, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;

// Every spelling of "all interfaces" Node accepts, and one real interface address when there is one.
const EXPOSED = ['', '0', '::0', '0:0:0:0:0:0:0:0', '0.0.0.0', '::', ...(lanAddress ? [lanAddress] : [])];

describe('the address actually bound decides whether a token is needed', () => {
  it('knows loopback from everything else, however it is written', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '[::1]'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['0.0.0.0', '::', '192.0.2.2', 'fd00::2', '::ffff:10.0.0.1', '', 'localhost'])
      expect(isLoopbackAddress(address), address).toBe(false);
  });

  if (!lanAddress) process.stdout.write('bind-address.test: this machine has no non-loopback IPv4 address; only the wildcard spellings are tried\n');

  for (const host of EXPOSED) {
    it(`--host ${JSON.stringify(host)} without --token is refused, naming the address bound`, () => {
      const result = serveSync(['--host', host]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/needs an explicit --token/);
      expect(result.stderr).toMatch(/listens on (::|0\.0\.0\.0|\d+\.\d+\.\d+\.\d+)/);
    });

    it(`--host ${JSON.stringify(host)} with --token warns and prints a URL that works`, async () => {
      const serve = await startServe(['--host', host, '--token', TOKEN]);
      try {
        expect(serve.output()).toMatch(/warning: listening on \S+: anyone who can reach this machine/);
        // Reach it the way the printed URL says (a wildcard bind is printed as localhost, reached on 127.0.0.1).
        const address = serve.url.hostname === 'localhost' ? '127.0.0.1' : serve.url.hostname.replace(/^\[|\]$/g, '');
        const page = await httpGet(serve.port, '/', serve.url.host, address);
        expect(page.status, page.body).toBe(200);
        const ws = new WebSocket(`ws://${serve.url.host}/ws?token=${encodeURIComponent(TOKEN)}`);
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
        ws.terminate();
        if (lanAddress && serve.url.hostname === 'localhost') {
          // Other machines use the interface address the warning names; it must not be refused as a foreign Host.
          expect(serve.output()).toContain(`http://${lanAddress}:${serve.port}/`);
          expect((await httpGet(serve.port, '/', `${lanAddress}:${serve.port}`, lanAddress)).status).toBe(200);
        }
      } finally {
        await serve.stop();
      }
    });
  }

  it('loopback needs no token and prints no warning', async () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const serve = await startServe(['--host', host]);
      try {
        expect(serve.output()).not.toMatch(/warning/);
        const address = serve.url.hostname.replace(/^\[|\]$/g, '');
        expect((await httpGet(serve.port, '/', serve.url.host, address)).status).toBe(200);
      } finally {
        await serve.stop();
      }
    }
  });
});

describe('--token', () => {
  it('needs at least 16 non-space characters, and says so naming the limit', () => {
    for (const token of [' '.repeat(20), 'abc def ghi jkl m', '\t'.repeat(8) + 'short']) {
      const result = serveSync(['--token', token]);
      expect(result.status, JSON.stringify(token)).toBe(2);
      expect(result.stderr).toMatch(/at least 16 non-space characters \(MIN_TOKEN_CHARS\)/);
    }
  });

  it('accepts 16 non-space characters with spaces among them', async () => {
    const serve = await startServe(['--token', 'abcd efgh ijkl mnop']);
    await serve.stop();
    expect(serve.token).toBe('abcd efgh ijkl mnop');
  });
});
