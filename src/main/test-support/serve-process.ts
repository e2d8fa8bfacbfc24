import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { WebSocket } from 'ws';
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

/**
 * Starts the built `forkscope serve` as a user would (`npm test` and the e2e setup build first) and waits for its URL.
 * It takes a free port (`--port 0`) unless `args` name one.
 */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}, options: { runAs?: string[] } = {}): Promise<ServeProcess> {
  const port = args.includes('--port') ? [] : ['--port', '0'];
  // `runAs`: a command that runs the rest as someone else (setpriv … as an unprivileged user).
  const [command, ...prefix] = [...(options.runAs ?? []), process.execPath];
  const child = spawn(command!, [...prefix, join(appRoot(), 'bin', 'forkscope.js'), 'serve', ...port, ...args], {
    cwd: appRoot(),
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

/** A WebSocket to a running serve, open, with the result of each call it answers by id (`R`: the shape the test reads). */
export async function openCallSocket<R = { ok: boolean }>(url: URL): Promise<{ ws: WebSocket; results: Map<number, R> }> {
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
  const results = new Map<number, R>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: R };
    if (message.type === 'result') results.set(message.id!, message.result!);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, results };
}
