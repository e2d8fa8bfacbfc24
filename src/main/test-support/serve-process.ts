import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { appRoot } from '../paths';
import { waitFor } from './wait-for';

export interface ServeProcess {
  child: ChildProcess;
  url: URL;
  token: string;
  port: number;
  output: () => string;
  /** Whether the process is still running. */
  alive: () => boolean;
  stop: () => Promise<void>;
}

/** Starts the built `forkscope serve` as a user would (`npm test` builds first) and waits for its URL. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(appRoot(), 'bin', 'forkscope.js'), 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const printed = await waitFor('serve to print its URL', () => (child.exitCode !== null ? 'exited' : /https?:\/\/\S+/.exec(out)?.[0]), 20_000);
    if (printed === 'exited') throw new Error(`forkscope serve exited ${child.exitCode}:\n${out}`);
    const url = new URL(printed);
    return {
      child,
      url,
      token: url.searchParams.get('token') ?? '',
      port: Number(url.port),
      output: () => out,
      alive: () => child.exitCode === null && child.signalCode === null,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A plain GET, with the Host header a browser would send for `authority`. */
export function httpGet(port: number, path: string, authority: string, address = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, headers: { Host: authority }, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} got no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}
