import { readFileSync } from 'node:fs';

/** Whole-machine figures from /proc, read once per tick alongside the process table. */
export interface SystemReading {
  /** Per core: busy and total jiffies since boot; rates come from two readings. */
  cores: Array<{ busy: number; total: number }>;
  memTotalBytes: number;
  memAvailableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  loadAverage: [number, number, number];
  uptimeSeconds: number;
}

export function readLinuxSystem(): SystemReading {
  const cores: SystemReading['cores'] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    if (!/^cpu\d+ /.test(line)) continue;
    const [, user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number) as number[];
    const idleAll = idle! + iowait!;
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    cores.push({ busy, total: busy + idleAll });
  }
  const mem = new Map<string, number>();
  for (const line of readFileSync('/proc/meminfo', 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) mem.set(m[1]!, Number(m[2]) * 1024);
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number) as [number, number, number];
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return {
    cores,
    memTotalBytes: mem.get('MemTotal') ?? 0,
    memAvailableBytes: mem.get('MemAvailable') ?? mem.get('MemFree') ?? 0,
    swapTotalBytes: mem.get('SwapTotal') ?? 0,
    swapFreeBytes: mem.get('SwapFree') ?? 0,
    loadAverage: load,
    uptimeSeconds: uptime,
  };
}

/** Busy share of each core between two readings, in percent. */
export function corePercents(before: SystemReading | undefined, now: SystemReading): number[] {
  return now.cores.map((core, i) => {
    const prev = before?.cores[i];
    if (!prev || core.total <= prev.total) return 0;
    return Math.round(((core.busy - prev.busy) / (core.total - prev.total)) * 1000) / 10;
  });
}
