import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/model';
import { parseFilter } from './filter';

function p(pid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid,
    ppid: 1,
    name: `n${pid}`,
    cmd: `/usr/bin/n${pid} --port 80${pid}`,
    state: 'sleeping',
    user: 'ada',
    startedAt: pid,
    startTime: pid,
    cpuPercent: 0,
    rssBytes: 0,
    zombie: false,
    orphan: false,
    ...extra,
  };
}
const python = p(10, { name: 'python3', cmd: 'python3 -m http.server', user: 'Root' });
const zombie = p(11, { ppid: 10, state: 'zombie', zombie: true });
const orphan = p(12, { orphan: true });
const stopped = p(13, { state: 'stopped', cmd: 'vim notes.txt' });
const all = [python, zombie, orphan, stopped];
const matching = (text: string, modeOf: (x: ProcessInfo) => string | undefined = () => undefined) => {
  const { predicate, errors } = parseFilter(text);
  expect(errors).toEqual([]);
  return all.filter((x) => predicate(x, { mode: modeOf(x) })).map((x) => x.pid);
};

describe('the filter box', () => {
  it('lets everything through when empty or blank', () => {
    expect(matching('')).toEqual([10, 11, 12, 13]);
    expect(matching('   ')).toEqual([10, 11, 12, 13]);
  });

  it('matches a bare word against the name or the command line, ignoring case', () => {
    expect(matching('PYTHON')).toEqual([10]);
    expect(matching('notes')).toEqual([13]);
  });

  it('matches one field with key:value', () => {
    expect(matching('state:zombie')).toEqual([11]);
    expect(matching('state:s')).toEqual([10, 12, 13]); // a state prefix: sleeping and stopped
    expect(matching('user:root')).toEqual([10]); // a whole user name, any case
    expect(matching('pid:12')).toEqual([12]);
    expect(matching('ppid:10')).toEqual([11]);
    expect(matching('name:n1')).toEqual([11, 12, 13]);
    expect(matching('cmd:--port')).toEqual([11, 12]);
    expect(matching('is:zombie')).toEqual([11]);
    expect(matching('is:orphan')).toEqual([12]);
    expect(matching('is:stopped')).toEqual([13]);
    expect(matching('is:other')).toEqual([]);
  });

  it('matches the spawn mode Forkscope knows of a process', () => {
    expect(matching('mode:daemon', (x) => (x.pid === 12 ? 'daemon' : undefined))).toEqual([12]);
  });

  it('negates a term with a leading dash, and needs every term to hold', () => {
    expect(matching('-state:zombie')).toEqual([10, 12, 13]);
    expect(matching('-python -is:orphan')).toEqual([11, 13]);
    expect(matching('cmd:--port -pid:11')).toEqual([12]);
    expect(matching('-')).toEqual([10, 11, 12]); // a lone dash is a word: the command lines that hold one
  });

  it('names an unknown key and lists the known ones, ignoring only that term', () => {
    const { predicate, problems, errors } = parseFilter('colour:red python');
    expect(problems).toEqual([{ kind: 'unknown-key', key: 'colour', known: ['state', 'user', 'pid', 'ppid', 'name', 'cmd', 'mode', 'is'] }]);
    expect(errors).toEqual(['unknown filter key "colour" (try state, user, pid, ppid, name, cmd, mode, is)']);
    expect(all.filter((x) => predicate(x)).map((x) => x.pid)).toEqual([10]);
  });

  it('reads a quoted value with spaces as one term, for every field and for a bare word', () => {
    const sleeper = p(20, { name: 'sleep', cmd: 'sleep 120', user: 'grace hopper' });
    const everyone = [...all, sleeper];
    const pids = (text: string) => {
      const { predicate, problems } = parseFilter(text);
      expect(problems).toEqual([]);
      return everyone.filter((x) => predicate(x)).map((x) => x.pid);
    };
    expect(pids('cmd:"sleep 120"')).toEqual([20]);
    expect(pids("cmd:'sleep 120'")).toEqual([20]);
    expect(pids('"sleep 120"')).toEqual([20]);
    expect(pids('cmd:"sleep 12"')).toEqual([20]); // still a substring of the command line
    expect(pids('cmd:"sleep 1200"')).toEqual([]);
    expect(pids('user:"grace hopper"')).toEqual([20]);
    expect(pids('name:"pyth"')).toEqual([10]);
    expect(pids('-cmd:"sleep 120"')).toEqual([10, 11, 12, 13]);
    expect(pids('cmd:"-m http.server" user:root')).toEqual([10]);
  });

  it('flags a pid or ppid that is not a number, and applies the other terms', () => {
    const { predicate, problems, errors } = parseFilter('pid:abc python');
    expect(problems).toEqual([{ kind: 'not-a-number', term: 'pid:abc', key: 'pid', value: 'abc' }]);
    expect(errors).toEqual(['"pid:abc": pid is a whole number, not "abc"']);
    expect(all.filter((x) => predicate(x)).map((x) => x.pid)).toEqual([10]);
    expect(parseFilter('-ppid:1x').problems).toEqual([{ kind: 'not-a-number', term: '-ppid:1x', key: 'ppid', value: '1x' }]);
  });

  it('flags a state no process state starts with, and a key with no value', () => {
    expect(parseFilter('state:zomby').problems).toEqual([
      {
        kind: 'unknown-state',
        term: 'state:zomby',
        value: 'zomby',
        known: ['running', 'sleeping', 'disk-sleep', 'stopped', 'zombie', 'idle', 'dead', 'unknown'],
      },
    ]);
    expect(parseFilter('name:').problems).toEqual([{ kind: 'empty-value', term: 'name:', key: 'name' }]);
    // Only the flagged terms are left out: with all of them flagged, everything shows.
    const { predicate } = parseFilter('state:zomby name: pid:x');
    expect(all.filter((x) => predicate(x))).toHaveLength(4);
  });

  it('reads an unclosed quote as closed at the end, and says so', () => {
    const { predicate, problems, errors } = parseFilter('cmd:"http.server');
    expect(problems).toEqual([{ kind: 'unclosed-quote' }]);
    expect(errors).toEqual(['a quote is not closed (read as if it closed at the end)']);
    expect(all.filter((x) => predicate(x)).map((x) => x.pid)).toEqual([10]);
    expect(parseFilter("don't").problems).toEqual([{ kind: 'unclosed-quote' }]);
    expect(parseFilter('notes\\').problems).toEqual([{ kind: 'unclosed-quote' }]);
  });
});
