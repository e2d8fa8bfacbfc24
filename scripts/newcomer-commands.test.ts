import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTaggedProcesses, killTagged } from './leak-check.js';
import { nodeVersionProblem } from './node-version.js';

const root = join(import.meta.dirname, '..');
const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) =>
    get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject),
  );
}

describe('npm start without an Electron binary', () => {
  it('says why, starts serve in its place and prints its URL; stopping it leaves nothing running', async () => {
    // No binary where Electron looks, no cached download, and a download site that refuses the connection:
    // the fetch fails on any machine, as it does where the Electron download site cannot be reached.
    const empty = mkdtempSync(join(tmpdir(), 'forkscope-no-electron-'));
    temporary.push(empty);
    const tag = randomBytes(8).toString('hex');
    const env = {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: join(empty, 'dist'),
      electron_config_cache: join(empty, 'cache'),
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      FORKSCOPE_TEST_RUN: tag,
    };
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.js'), '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = /https?:\/\/\S+/.exec(out)?.[0];
          if (found) {
            clearInterval(timer);
            resolve(found);
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(
              new Error(`npm start exited ${child.exitCode}:
${out}`),
            );
          }
        }, 50);
      });
      expect(out).toContain('Could not fetch the Electron binary');
      expect(out).toContain('in the browser instead');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect(await status(url)).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const left = findTaggedProcesses(tag);
    killTagged(left);
    expect(left).toEqual([]);
  });
});

describe('npm test on an old Node', () => {
  it('names what to install for any version older than 22.12, and nothing for 22.12 or newer', () => {
    expect(nodeVersionProblem('20.20.2')).toMatch(/^npm test needs Node 22\.12 or newer, and this is Node 20\.20\.2: install Node 22/);
    expect(nodeVersionProblem('22.11.0')).toContain('this is Node 22.11.0');
    expect(nodeVersionProblem('18.0.0')).not.toBeNull();
    expect(nodeVersionProblem('22.12.0')).toBeNull();
    expect(nodeVersionProblem('24.1.0')).toBeNull();
    expect(nodeVersionProblem('23.0.0')).toBeNull();
  });

  // A real old Node where the machine has one (Debian's is 20): scripts/test.js must stop before it builds anything.
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
    return version !== undefined && version !== '' && nodeVersionProblem(version) !== null;
  });
  if (!oldNode) process.stdout.write('old-Node test of scripts/test.js skipped: no Node older than 22.12 at /usr/bin or /usr/local/bin\n');
  it.skipIf(!oldNode)('scripts/test.js under a real old Node prints that one line and exits 1, before building anything', () => {
    // A copy of scripts/ with no node_modules or sources beside it: were the check broken, no phase could start a thing.
    const copy = mkdtempSync(join(tmpdir(), 'forkscope-old-node-'));
    temporary.push(copy);
    cpSync(join(root, 'scripts'), join(copy, 'scripts'), { recursive: true, filter: (path) => !path.endsWith('.ts') });
    const result = spawnSync(oldNode!, [join(copy, 'scripts', 'test.js')], { cwd: copy, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^npm test needs Node 22\.12 or newer, and this is Node \d+\.\d+\.\d+: install Node 22/);
  });
});
