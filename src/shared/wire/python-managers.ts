import type { ObjectUser, PythonManager, PythonProcess, PythonProxy } from '../python-program';
import type { ProbedProcessFile } from './python-probe';
import type { ProbeQueueTotals } from './queue-probe';

/**
 * Managers in fsq-probe/2 (resources/python/probe/forkscope_managers.py). A MANAGER slot sits in the
 * file of the process that started the manager: label `id<US>class`, extra the server's pid, word 1
 * a 32-bit key of the server's address. A PROXY slot sits in each file of a process that called a
 * shared object: label `typeid<US>object id<US>site` (the site only in the creator's file), extra the
 * address key of its manager, words as PROXY_WORD (word n is `words[n - 1]`).
 */
export const MANAGER_KIND = { manager: 8, proxy: 9 } as const;
const P = {
  calls: 0,
  callNs: 1,
  maxCallNs: 2,
  inCall: 3,
  raised: 4,
  puts: 5,
  gets: 6,
  taskDone: 7,
  putting: 8,
  getting: 9,
  full: 10,
  empty: 11,
  maxsize: 12,
};
const QUEUE_TYPES = new Set(['Queue', 'JoinableQueue']);
const NS_PER_MS = 1e6;

interface ProxyPart {
  pid: number;
  gone: boolean;
  addressKey: number;
  type: string;
  objectId: string;
  site: string;
  words: number[];
}

function proxyParts(files: ProbedProcessFile[]): ProxyPart[] {
  return files.flatMap((file) =>
    file.objects
      .filter((o) => o.kind === MANAGER_KIND.proxy)
      .map((o) => {
        const [type = '', objectId = '', site = ''] = o.label.split('\x1f');
        return { pid: file.pid, gone: file.gone === true, addressKey: o.extra, type, objectId, site, words: o.words };
      }),
  );
}

const objectKey = (p: { addressKey: number; objectId: string }): string => `${p.addressKey}/${p.objectId}`;

/** Each shared object's name: the site its creator recorded, else its type and object id. */
function proxyIds(parts: ProxyPart[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const part of parts) if (part.site) ids.set(objectKey(part), part.site);
  for (const part of parts) if (!ids.has(objectKey(part))) ids.set(objectKey(part), `${part.type} ${part.objectId}`);
  return ids;
}

const addressName = (key: number): string => `manager #${key.toString(16).padStart(8, '0')}`;

/** Managers by id, with their proxies summed over every process that called them. */
export function foldManagers(files: ProbedProcessFile[], processes: PythonProcess[]): PythonManager[] {
  const managers = new Map<number, PythonManager>();
  for (const file of files) {
    for (const slot of file.objects) {
      if (slot.kind !== MANAGER_KIND.manager) continue;
      const [id = '', kind = ''] = slot.label.split('\x1f');
      const serverPid = slot.extra || null;
      managers.set(slot.words[0]!, {
        id,
        kind: kind || null,
        ownerPid: file.pid,
        serverPid,
        serverName: processes.find((p) => p.pid === serverPid)?.name ?? null,
        calls: 0,
        byType: {},
        proxies: [],
      });
    }
  }
  const parts = proxyParts(files);
  const ids = proxyIds(parts);
  const proxies = new Map<string, PythonProxy & { addressKey: number }>();
  for (const part of parts) {
    const key = objectKey(part);
    const proxy = proxies.get(key) ?? {
      id: ids.get(key)!,
      type: part.type,
      calls: 0,
      callMs: 0,
      maxCallMs: 0,
      raised: 0,
      users: [],
      addressKey: part.addressKey,
    };
    proxies.set(key, proxy);
    const w = part.words;
    proxy.calls += w[P.calls]!;
    proxy.callMs += w[P.callNs]! / NS_PER_MS;
    proxy.maxCallMs = Math.max(proxy.maxCallMs, w[P.maxCallNs]! / NS_PER_MS);
    proxy.raised += w[P.raised]!;
    const user: ObjectUser = {
      pid: part.pid,
      out: w[P.calls]!,
      in: 0,
      blockedMs: w[P.callNs]! / NS_PER_MS,
      blockedNow: w[P.inCall]! > 0 && !part.gone,
    };
    proxy.users.push(user);
  }
  for (const { addressKey, ...proxy } of proxies.values()) {
    let manager = managers.get(addressKey);
    if (!manager) {
      manager = { id: addressName(addressKey), kind: null, ownerPid: null, serverPid: null, serverName: null, calls: 0, byType: {}, proxies: [] };
      managers.set(addressKey, manager);
    }
    manager.proxies.push(proxy);
    manager.calls += proxy.calls;
    const byType = (manager.byType[proxy.type] ??= { proxies: 0, calls: 0 });
    byType.proxies += 1;
    byType.calls += proxy.calls;
  }
  for (const manager of managers.values()) {
    manager.proxies.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    for (const proxy of manager.proxies) proxy.users.sort((a, b) => a.pid - b.pid);
  }
  return [...managers.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** A manager's Queue()/JoinableQueue() as one process counted it, for the queue view beside the program's own queues. */
export interface ManagerQueuePart {
  pid: number;
  totals: ProbeQueueTotals;
  manager: string;
}

export function managerQueueParts(files: ProbedProcessFile[]): ManagerQueuePart[] {
  const parts = proxyParts(files).filter((p) => QUEUE_TYPES.has(p.type));
  if (parts.length === 0) return [];
  const ids = proxyIds(parts);
  const managerIds = new Map<number, string>();
  for (const file of files)
    for (const slot of file.objects) if (slot.kind === MANAGER_KIND.manager) managerIds.set(slot.words[0]!, slot.label.split('\x1f')[0]!);
  const maxsizes = new Map<string, number>();
  for (const part of parts) if (part.site) maxsizes.set(objectKey(part), part.words[P.maxsize]!);
  return parts.map((part) => {
    const w = part.words;
    return {
      pid: part.pid,
      manager: managerIds.get(part.addressKey) ?? addressName(part.addressKey),
      totals: {
        id: ids.get(objectKey(part))!,
        kind: part.type === 'JoinableQueue' ? 'JoinableQueue' : 'Queue',
        maxsize: maxsizes.get(objectKey(part)) ?? 0,
        puts: w[P.puts]!,
        gets: w[P.gets]!,
        taskDone: w[P.taskDone]!,
        putting: part.gone ? 0 : w[P.putting]!,
        getting: part.gone ? 0 : w[P.getting]!,
        raisedFull: w[P.full]!,
        raisedEmpty: w[P.empty]!,
      },
    };
  });
}
