import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserServer } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { startServe } from '../../src/main/test-support/serve-process';
import { waitFor } from '../../src/main/test-support/wait-for';

/** A program being measured: the root pid of each process tree whose CPU is a figure, and how to stop it. */
export interface Running {
  roots: Record<string, number>;
  stop: () => Promise<void>;
}

export interface Subject {
  name: string;
  start: () => Promise<Running>;
}

/** htop 3.2's own defaults, written down so a person's ~/.config/htop/htoprc cannot change what is measured. */
const HTOPRC = `htop_version=3.2.2
config_reader_min_version=3
fields=0 48 17 18 38 39 40 2 46 47 49 1
hide_kernel_threads=1
hide_userland_threads=0
show_program_path=1
highlight_megabytes=1
highlight_threads=1
color_scheme=0
enable_mouse=1
delay=10
header_layout=two_50_50
column_meters_0=AllCPUs Memory Swap
column_meter_modes_0=1 1 1
column_meters_1=Tasks LoadAverage Uptime
column_meter_modes_1=2 2 2
tree_view=0
sort_key=46
sort_direction=-1
`;

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
  } catch {
    return '';
  }
}

/** Debian's htop at `-d 10` (1 s) in a 200×50 tmux pane, with a fixed htoprc in a temporary HOME. */
export const htop: Subject = {
  name: 'htop',
  start: async () => {
    const home = mkdtempSync(join(tmpdir(), 'forkscope-bench-htop-'));
    mkdirSync(join(home, '.config', 'htop'), { recursive: true });
    writeFileSync(join(home, '.config', 'htop', 'htoprc'), HTOPRC);
    const socket = join(home, 'tmux.sock');
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), TERM: 'xterm-256color' };
    const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
    const started = tmux('new-session', '-d', '-x', '200', '-y', '50', '-s', 'bench', 'exec htop -d 10');
    if (started.status !== 0) throw new Error(`bench overhead: tmux could not start htop: ${started.stderr}`);
    const [server, pane] = tmux('display-message', '-p', '-t', 'bench', '#{pid} #{pane_pid}').stdout.trim().split(' ').map(Number);
    await waitFor('htop to start in its tmux pane', () => (commOf(pane!) === 'htop' ? true : undefined), 10_000);
    return {
      // The tmux server's tree holds htop too: its figure is htop plus the terminal drawing htop's screen.
      roots: { htop: pane!, htopWithTmux: server! },
      stop: async () => {
        tmux('kill-server');
        rmSync(home, { recursive: true, force: true });
      },
    };
  },
};

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** `top -b -d 1`, its output thrown away. */
export const top: Subject = {
  name: 'top',
  start: async () => {
    const child = spawn('top', ['-b', '-d', '1'], { stdio: ['ignore', 'ignore', 'ignore'] });
    await waitFor('top to start', () => (commOf(child.pid!) === 'top' ? true : undefined), 10_000);
    return { roots: { top: child.pid! }, stop: () => stopChild(child) };
  },
};

/** A Chromium of its own per subject, so its process tree (browser, zygote, renderer, GPU, utility) holds one tab. */
async function launchBrowser(): Promise<BrowserServer> {
  const options = chromiumLaunchOptions();
  return chromium.launchServer({ ...options, headless: true });
}

/** A static page that replaces 30 table cells once a second: the floor a browser tab costs. */
const FLOOR_PAGE = `<!doctype html><html><body style="font: 12px monospace">
<table id="t"></table>
<script>
  const table = document.getElementById('t');
  for (let r = 0; r < 50; r++) {
    const row = table.insertRow();
    for (let c = 0; c < 8; c++) row.insertCell().textContent = String(r * c);
  }
  let tick = 0;
  setInterval(() => {
    tick++;
    for (let i = 0; i < 30; i++) table.rows[i].cells[(i + tick) % 8].textContent = String(Math.random()).slice(2, 8);
  }, 1000);
</script></body></html>`;

export const floorPage: Subject = {
  name: 'floor page',
  start: async () => {
    const server = await launchBrowser();
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent(FLOOR_PAGE);
    return {
      roots: { floor: server.process().pid! },
      stop: async () => {
        await browser.close();
        await server.close();
      },
    };
  },
};

/** Forkscope's engine (`forkscope serve`, 1 s interval) and a visible Chromium tab on its UI with the default columns. */
export const forkscope: Subject = {
  name: 'forkscope',
  start: async () => {
    const serve = await startServe([]);
    const server = await launchBrowser();
    try {
      const browser = await chromium.connect(server.wsEndpoint());
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(serve.url.href);
      await page.waitForSelector('.tree-row', { timeout: 30_000 });
      const visibility = await page.evaluate('document.visibilityState');
      if (visibility !== 'visible') throw new Error(`bench overhead: the Forkscope tab is ${String(visibility)}, not visible`);
      return {
        roots: { engine: serve.child.pid!, ui: server.process().pid! },
        stop: async () => {
          await browser.close();
          await server.close();
          await serve.stop();
        },
      };
    } catch (error) {
      await server.close();
      await serve.stop();
      throw error;
    }
  },
};
