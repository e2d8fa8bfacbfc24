import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Failure } from '../../../shared/result';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { failureText, WORDINGS } from './failure-text';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en', interpolation: { escapeValue: false } });
});
const text = (failure: Failure, language: string) => failureText(i18n.getFixedT(language), failure);

// Failures as the engine sends them (supervisor/target.ts, signal.ts, workloads.ts).
const init: Failure = {
  kind: 'refused',
  message: 'refused: pid 1 is init; signalling it could take the whole system down',
  facts: { pid: 1, reason: 'init' },
};
const exited: Failure = { kind: 'no-such-process', message: 'process 4312 (python3) has already exited', facts: { pid: 4312, name: 'python3' } };
const denied: Failure = {
  kind: 'access-denied',
  message: "permission denied: process 77 (sshd) belongs to root; Forkscope may signal only its user's processes",
  facts: { pid: 77, name: 'sshd', owner: 'root' },
};
const tooBig: Failure = {
  kind: 'invalid-request',
  message: 'fork-tree 9 × 9 would start more than 200 processes; choose a smaller depth or breadth',
  facts: { limit: 'MAX_TREE_NODES', value: 200 },
};

describe('failureText', () => {
  it('says in English what the engine said, from the facts', () => {
    expect(text(init, 'en')).toBe(init.message);
    expect(text(exited, 'en')).toBe(exited.message);
    expect(text(denied, 'en')).toBe(denied.message);
    expect(text({ kind: 'pid-reused', message: '', facts: { pid: 9 } }, 'en')).toBe(
      'process 9 has exited or its pid was reused; refresh and try again',
    );
  });

  it('says it in Chinese, naming the same process and limit', () => {
    expect(text(init, 'zh-CN')).toBe('已拒绝：进程号 1 是 init；向它发信号可能使整个系统停止');
    expect(text(exited, 'zh-CN')).toBe('进程 4312（python3）已经退出');
    expect(text(tooBig, 'zh-CN')).toContain('200');
    expect(text(tooBig, 'zh-CN')).toContain('MAX_TREE_NODES');
  });

  it("falls back to the engine's message when no sentence fits the kind, the reason or the facts", () => {
    const recording: Failure = { kind: 'refused', message: 'already recording to /tmp/a.fsrec.gz; stop that recording first' };
    expect(text(recording, 'zh-CN')).toBe(recording.message);
    expect(text({ kind: 'refused', message: 'refused: 9 is Forkscope itself', facts: { pid: 9 } }, 'zh-CN')).toBe('refused: 9 is Forkscope itself');
    expect(text({ kind: 'no-such-process', message: 'gone', facts: { name: 'x' } }, 'zh-CN')).toBe('gone');
    expect(text({ kind: 'invalid-request', message: 'other limit', facts: { limit: 'MAX_OTHER', value: 1 } }, 'zh-CN')).toBe('other limit');
  });

  // Failures as the engine sends them since they carry facts (spawn.ts, target.ts, run-limits.ts, dispatch.ts).
  const engineFailures: Failure[] = [
    {
      kind: 'invalid-request',
      message: 'cannot start sleep 30: sleep 30 was not found (check the command name, PATH and the working folder)',
      facts: { name: 'sleep 30', reason: 'not-found' },
    },
    {
      kind: 'invalid-request',
      message: 'cwd /etc/hosts is not a folder; give a folder as the working folder',
      facts: { path: '/etc/hosts', reason: 'not-a-folder' },
    },
    { kind: 'refused', message: 'refused: 812 is Forkscope itself', facts: { pid: 812, reason: 'self' } },
    { kind: 'refused', message: "refused: 40 is one of Forkscope's ancestors", facts: { pid: 40, reason: 'ancestor' } },
    {
      kind: 'refused',
      message:
        'refused: 913 is a thread of process 910 (node), not a process; a signal to it would reach all of process 910; name process 910 instead',
      facts: { pid: 913, process: 910, name: 'node', reason: 'thread' },
    },
    {
      kind: 'refused',
      message: 'already recording to /tmp/a.fsrec.gz; stop that recording first',
      facts: { path: '/tmp/a.fsrec.gz', reason: 'recording' },
    },
  ];

  it("words the engine's failures with facts exactly as the engine does in English, and in Chinese naming the same things", () => {
    for (const failure of engineFailures) {
      expect(text(failure, 'en')).toBe(failure.message);
      const chinese = text(failure, 'zh-CN');
      expect(chinese).not.toBe(failure.message);
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
      for (const fact of [failure.facts?.pid, failure.facts?.name, failure.facts?.path, failure.facts?.process]) {
        if (fact !== undefined) expect(chinese).toContain(String(fact));
      }
    }
  });

  it('words a limit by its key, with the count and the limit, in both languages', () => {
    const limit: Failure = {
      kind: 'refused',
      message: 'refused: …',
      facts: { reason: 'limit', limit: 'limits.maxProcesses', value: 1024, count: 1030 },
    };
    expect(text(limit, 'en')).toContain('1030 processes Forkscope started running at once');
    expect(text(limit, 'en')).toContain('--max-processes');
    expect(text(limit, 'zh-CN')).toContain('1030');
    expect(text(limit, 'zh-CN')).toContain('上限 1024');
    expect(text({ kind: 'refused', message: 'x', facts: { reason: 'replay' } }, 'zh-CN')).toContain('回放');
  });

  it('has every sentence it may use in both languages', () => {
    for (const { key } of WORDINGS) {
      expect(i18n.exists(key, { lng: 'en' }), key).toBe(true);
      expect(i18n.getResource('zh-CN', 'translation', key), key).toBeTypeOf('string');
    }
  });
});
