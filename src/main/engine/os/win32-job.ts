import type * as Koffi from 'koffi';
import { koffiOrNull, library } from './ffi';
import { filetimeToEpochMs } from './win32-layout';

/**
 * Job objects for the processes Forkscope starts on Windows: created suspended (CreateProcessW), assigned to the job
 * before their first instruction so no grandchild escapes, then resumed. A completion port reports every process
 * created in the job and every exit; a handle opened at the new-process message keeps the exit code readable.
 * Layouts are x64 (winnt.h, processthreadsapi.h).
 */
interface JobApi {
  koffi: typeof Koffi;
  CreateJobObjectW(attributes: null, name: null): bigint | null;
  SetInformationJobObject(job: bigint, infoClass: number, info: Buffer, length: number): number;
  CreateIoCompletionPort(file: number, existing: null, key: number, threads: number): bigint | null;
  GetQueuedCompletionStatus(port: bigint, message: [number], key: [number], overlapped: [bigint | null], timeoutMs: number): number;
  CreateProcessW(
    app: null,
    commandLine: Buffer,
    pa: null,
    ta: null,
    inherit: number,
    flags: number,
    env: null,
    cwd: string | null,
    startup: Buffer,
    info: Buffer,
  ): number;
  AssignProcessToJobObject(job: bigint, process: bigint): number;
  ResumeThread(thread: bigint): number;
  TerminateJobObject(job: bigint, exitCode: number): number;
  TerminateProcess(process: bigint, exitCode: number): number;
  GetExitCodeProcess(process: bigint, code: [number]): number;
  GetProcessTimes(process: bigint, creation: Buffer, exit: Buffer, kernel: Buffer, user: Buffer): number;
  OpenProcess(access: number, inherit: number, pid: number): bigint | null;
  CloseHandle(handle: bigint): number;
  GetLastError(): number;
}

const JobObjectAssociateCompletionPortInformation = 7;
const JobObjectExtendedLimitInformation = 9;
/** sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) on x64; BasicLimitInformation.LimitFlags is at 16. */
const EXTENDED_LIMIT_SIZE = 144;
const LIMIT_FLAGS_OFFSET = 16;
const JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
const CREATE_SUSPENDED = 0x4;
const CREATE_NO_WINDOW = 0x08000000;
/** sizeof(STARTUPINFOW) on x64; only cb is set. PROCESS_INFORMATION: hProcess 0, hThread 8, dwProcessId 16. */
const STARTUPINFOW_SIZE = 104;
const PROCESS_INFORMATION_SIZE = 24;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const SYNCHRONIZE = 0x00100000;
const PROCESS_TERMINATE = 0x0001;
const PROCESS_SET_QUOTA = 0x0100;
/** What GetExitCodeProcess says of a process still running. */
const STILL_ACTIVE = 259;
export const JOB_MESSAGE = { ACTIVE_PROCESS_ZERO: 4, NEW_PROCESS: 6, EXIT_PROCESS: 7, ABNORMAL_EXIT_PROCESS: 8 } as const;

let bound: { api: JobApi } | { reason: string } | undefined;
function bind(): { api: JobApi } | { reason: string } {
  if (process.platform !== 'win32') return { reason: `job objects exist on Windows only; this is ${process.platform}` };
  const koffi = koffiOrNull();
  const kernel32 = library('kernel32.dll');
  if (!koffi || !kernel32) return { reason: 'the FFI (koffi) or kernel32.dll cannot load' };
  try {
    const f = (decl: string) => kernel32.func(decl);
    return {
      api: {
        koffi,
        CreateJobObjectW: f('void * __stdcall CreateJobObjectW(void *attributes, void *name)'),
        SetInformationJobObject: f('int __stdcall SetInformationJobObject(void *job, int cls, void *info, uint32 len)'),
        CreateIoCompletionPort: f('void * __stdcall CreateIoCompletionPort(intptr file, void *existing, uintptr key, uint32 threads)'),
        GetQueuedCompletionStatus: f(
          'int __stdcall GetQueuedCompletionStatus(void *port, _Out_ uint32 *bytes, _Out_ uintptr *key, _Out_ void **overlapped, uint32 ms)',
        ),
        CreateProcessW: f(
          'int __stdcall CreateProcessW(void *app, _Inout_ void *cmd, void *pa, void *ta, int inherit, uint32 flags, void *env, const char16_t *cwd, void *si, _Out_ void *pi)',
        ),
        AssignProcessToJobObject: f('int __stdcall AssignProcessToJobObject(void *job, void *process)'),
        ResumeThread: f('uint32 __stdcall ResumeThread(void *thread)'),
        TerminateJobObject: f('int __stdcall TerminateJobObject(void *job, uint32 code)'),
        TerminateProcess: f('int __stdcall TerminateProcess(void *process, uint32 code)'),
        GetExitCodeProcess: f('int __stdcall GetExitCodeProcess(void *process, _Out_ uint32 *code)'),
        GetProcessTimes: f('int __stdcall GetProcessTimes(void *process, _Out_ void *c, _Out_ void *e, _Out_ void *k, _Out_ void *u)'),
        OpenProcess: f('void * __stdcall OpenProcess(uint32 access, int inherit, uint32 pid)'),
        CloseHandle: f('int __stdcall CloseHandle(void *handle)'),
        GetLastError: f('uint32 __stdcall GetLastError()'),
      },
    };
  } catch (error) {
    return { reason: `cannot bind the job object functions: ${(error as Error).message}` };
  }
}

export type JobEvent =
  | { type: 'new-process'; pid: number; startTime: number | null }
  /** `reported`: by the job's exit message, or read from the kept handle when no message came (Wine). */
  | { type: 'exit'; pid: number; exitCode: number | null; abnormal: boolean; reported: 'message' | 'handle' }
  | { type: 'empty' };

/** A Windows job object with its completion port; what Forkscope starts in it lives and dies with it. */
export class Win32Job {
  private readonly handles = new Map<number, bigint>();
  private readonly reportedFromHandle = new Set<number>();
  private closed = false;
  private readonly api: JobApi;
  private readonly job: bigint;
  private readonly port: bigint;

  private constructor(api: JobApi, job: bigint, port: bigint) {
    this.api = api;
    this.job = job;
    this.port = port;
  }

  /** A new job; with `killOnClose`, closing it (or Forkscope's death, which closes it) ends every process in it. */
  static create(options: { killOnClose: boolean }): { ok: true; job: Win32Job } | { ok: false; message: string } {
    bound ??= bind();
    if (!('api' in bound)) return { ok: false, message: bound.reason };
    const api = bound.api;
    const job = api.CreateJobObjectW(null, null);
    if (!job) return { ok: false, message: `CreateJobObjectW failed with error ${api.GetLastError()}` };
    const port = api.CreateIoCompletionPort(-1, null, 0, 1);
    if (!port) {
      api.CloseHandle(job);
      return { ok: false, message: `CreateIoCompletionPort failed with error ${api.GetLastError()}` };
    }
    const associate = Buffer.alloc(16);
    associate.writeBigUInt64LE(1n, 0); // CompletionKey
    associate.writeBigUInt64LE(port, 8); // CompletionPort
    const fail = (what: string) => {
      const message = `${what} failed with error ${api.GetLastError()}`;
      api.CloseHandle(job);
      api.CloseHandle(port);
      return { ok: false as const, message };
    };
    if (!api.SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, associate, associate.length))
      return fail('associating the completion port');
    if (options.killOnClose) {
      const limits = Buffer.alloc(EXTENDED_LIMIT_SIZE);
      limits.writeUInt32LE(JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, LIMIT_FLAGS_OFFSET);
      if (!api.SetInformationJobObject(job, JobObjectExtendedLimitInformation, limits, limits.length)) return fail('setting KILL_ON_JOB_CLOSE');
    }
    return { ok: true, job: new Win32Job(api, job, port) };
  }

  /**
   * Starts `commandLine` suspended, assigns it to the job, then resumes it: its first instruction runs inside the
   * job, so every process it starts is in the job too.
   */
  spawn(commandLine: string, cwd?: string): { ok: true; pid: number; startTime: number | null } | { ok: false; message: string } {
    const { api } = this;
    const command = Buffer.from(`${commandLine}\0`, 'utf16le');
    const startup = Buffer.alloc(STARTUPINFOW_SIZE);
    startup.writeUInt32LE(STARTUPINFOW_SIZE, 0);
    const info = Buffer.alloc(PROCESS_INFORMATION_SIZE);
    if (!api.CreateProcessW(null, command, null, null, 0, CREATE_SUSPENDED | CREATE_NO_WINDOW, null, cwd ?? null, startup, info)) {
      return { ok: false, message: `CreateProcessW(${commandLine}) failed with error ${api.GetLastError()}` };
    }
    const processHandle = info.readBigUInt64LE(0);
    const thread = info.readBigUInt64LE(8);
    const pid = info.readUInt32LE(16);
    try {
      if (!api.AssignProcessToJobObject(this.job, processHandle)) {
        const error = api.GetLastError();
        api.TerminateProcess(processHandle, 1);
        return { ok: false, message: `AssignProcessToJobObject(${pid}) failed with error ${error}; the process was ended before it ran` };
      }
      if (api.ResumeThread(thread) === 0xffffffff) return { ok: false, message: `ResumeThread for ${pid} failed with error ${api.GetLastError()}` };
      return { ok: true, pid, startTime: this.createTime(processHandle) };
    } finally {
      api.CloseHandle(thread);
      api.CloseHandle(processHandle);
    }
  }

  /**
   * The messages waiting on the port (waits at most `timeoutMs` for the first), then an exit for every process that
   * has ended without its exit message (Wine sends none for processes TerminateJobObject ends), read from the handle
   * kept since its new-process message. An empty-job event comes after the exits of the same batch.
   */
  poll(timeoutMs = 0): JobEvent[] {
    const { api } = this;
    const events: JobEvent[] = [];
    let empty = false;
    for (let wait = timeoutMs; ; wait = 0) {
      const message: [number] = [0];
      const key: [number] = [0];
      const overlapped: [bigint | null] = [null];
      if (!api.GetQueuedCompletionStatus(this.port, message, key, overlapped, wait)) break;
      // For job messages the "overlapped" pointer carries the process id.
      const pid = Number(overlapped[0] ?? 0n);
      if (message[0] === JOB_MESSAGE.NEW_PROCESS) {
        const handle = api.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE | PROCESS_TERMINATE, 0, pid);
        if (handle) this.handles.set(pid, handle);
        events.push({ type: 'new-process', pid, startTime: handle ? this.createTime(handle) : null });
      } else if (message[0] === JOB_MESSAGE.EXIT_PROCESS || message[0] === JOB_MESSAGE.ABNORMAL_EXIT_PROCESS) {
        // Already reported from its handle, when the message came after the handle said it had ended.
        if (this.reportedFromHandle.delete(pid)) continue;
        events.push({
          type: 'exit',
          pid,
          exitCode: this.exitCode(pid),
          abnormal: message[0] === JOB_MESSAGE.ABNORMAL_EXIT_PROCESS,
          reported: 'message',
        });
      } else if (message[0] === JOB_MESSAGE.ACTIVE_PROCESS_ZERO) empty = true;
    }
    for (const pid of [...this.handles.keys()]) {
      const code: [number] = [0];
      if (!api.GetExitCodeProcess(this.handles.get(pid)!, code) || code[0] === STILL_ACTIVE) continue;
      events.push({ type: 'exit', pid, exitCode: this.exitCode(pid), abnormal: false, reported: 'handle' });
      this.reportedFromHandle.add(pid);
    }
    if (empty) {
      // No process is left to send a late message; forget what was reported from handles.
      this.reportedFromHandle.clear();
      events.push({ type: 'empty' });
    }
    return events;
  }

  /** The exit code from the handle kept for `pid` (closed here), or null when none was kept. */
  private exitCode(pid: number): number | null {
    const handle = this.handles.get(pid);
    if (!handle) return null;
    const code: [number] = [0];
    const exitCode = this.api.GetExitCodeProcess(handle, code) ? code[0] : null;
    this.api.CloseHandle(handle);
    this.handles.delete(pid);
    return exitCode;
  }

  /**
   * Puts a running process (started by someone else, e.g. Node's child_process) into the job. Unlike spawn, what it
   * started before this call stays outside: callers assign in the same tick as the spawn.
   */
  assign(pid: number): { ok: true; startTime: number | null } | { ok: false; message: string } {
    const { api } = this;
    const handle = api.OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
    if (!handle) return { ok: false, message: `OpenProcess(${pid}) failed with error ${api.GetLastError()}` };
    try {
      if (!api.AssignProcessToJobObject(this.job, handle))
        return { ok: false, message: `AssignProcessToJobObject(${pid}) failed with error ${api.GetLastError()}` };
      return { ok: true, startTime: this.createTime(handle) };
    } finally {
      api.CloseHandle(handle);
    }
  }

  /** Kill tree for a subtree in the job: every process in it ends with `exitCode`. */
  terminate(exitCode = 1): boolean {
    return this.api.TerminateJobObject(this.job, exitCode) !== 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const handle of this.handles.values()) this.api.CloseHandle(handle);
    this.handles.clear();
    this.api.CloseHandle(this.job);
    this.api.CloseHandle(this.port);
  }

  /** Create time in epoch ms, or null when it cannot be read or is not yet set (Wine, at the new-process message). */
  private createTime(handle: bigint): number | null {
    const [creation, exit, kernel, user] = [Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)];
    if (!this.api.GetProcessTimes(handle, creation, exit, kernel, user)) return null;
    const ms = filetimeToEpochMs(creation.readBigInt64LE(0));
    return ms > 0 && ms < Date.now() + 60_000 ? ms : null;
  }
}
