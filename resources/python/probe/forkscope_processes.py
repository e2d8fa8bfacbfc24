"""Processes as multiprocessing sees them. Each process describes itself in its own file (name,
target, daemon, start method, the parent that made it); a parent keeps, per child it started,
when start(), join(), terminate() and kill() were called, how long each join waited, and the exit
code multiprocessing reported to it. Events go to the ring for the timeline. Nothing here runs per
message: only at start, join, terminate, kill and when an exit code is first seen."""
import os
import time
import weakref

import multiprocessing
import multiprocessing.context as mp_context
import multiprocessing.process as mp_process

import forkscope_probe_file as probe_file
import forkscope_sites as sites

SELF, CHILD = 1, 2
EV_START, EV_JOIN_BEGIN, EV_JOIN_END, EV_TERMINATE, EV_KILL, EV_EXIT = 1, 2, 3, 4, 5, 6
# Words of a CHILD slot, from byte 8.
PID, STARTED_AT, JOINS, JOIN_WAIT_NS, JOIN_MAX_NS, TERMINATED_AT, KILLED_AT, EXIT_KNOWN, EXITCODE, EXITED_SEEN_AT = range(1, 11)
METHODS = {'fork': 1, 'spawn': 2, 'forkserver': 3}
POPEN_METHODS = {'popen_fork': 'fork', 'popen_spawn_posix': 'spawn', 'popen_spawn_win32': 'spawn', 'popen_forkserver': 'forkserver'}
SEPARATOR = '\x1f'

_me = None  # the Process object this process runs, once _bootstrap began
_forked = False
_children = weakref.WeakKeyDictionary()  # Process -> its CHILD slot, in the parent that started it
_unreported = weakref.WeakKeyDictionary()  # children whose exit code was not seen yet
_original = {}
start_hooks = []  # each called with a process about to start; may return what to call once it has


def _target_of(process):
    """('module.function', 'file:line') of what the process runs."""
    target = getattr(process, '_target', None)
    target = getattr(target, '_fs_describes', target)  # the probe's own wrapper of a pool worker
    if target is None and type(process).run is not mp_process.BaseProcess.run:
        target = type(process).run
    return sites.describe_function(target)


def _label(process):
    target, site = _target_of(process)
    return SEPARATOR.join((process.name or '', target, site))


def _flags(process, method):
    return (1 if process.daemon else 0) | (METHODS.get(method, 0) << 1)


def _own_method(process):
    method = getattr(process, '_start_method', None)
    if method is None:
        method = mp_context._default_context.get_start_method(allow_none=True)
    return method or ('fork' if _forked else 'spawn')


def describe_self(locked=True):
    """Writes this process's SELF slot: the last one in a file is the one that counts."""
    process = _me or multiprocessing.current_process()
    if process is _me:
        parent, method = getattr(process, '_parent_pid', None) or os.getppid(), _own_method(process)
    else:
        parent, method = os.getppid(), ''
    slot = probe_file.claim_object_slot(SELF, _flags(process, method), parent, _label(process), locked)
    slot[0][slot[2] + PID] = os.getpid()
    slot[0][slot[2] + STARTED_AT] = time.time_ns()


def _safely(record):
    """Recording must never change what the program sees: any failure in it is swallowed."""
    def wrapped(*args):
        try:
            record(*args)
        except Exception:
            pass
    return wrapped


@_safely
def _record_start(process, started_at, label):
    popen = process._popen
    method = POPEN_METHODS.get(type(popen).__module__.rsplit('.', 1)[-1], '')
    slot = probe_file.claim_object_slot(CHILD, _flags(process, method), popen.pid, label)
    words, _, base, index = slot
    words[base + STARTED_AT] = started_at
    words[base + PID] = popen.pid
    _children[process] = slot
    _unreported[process] = slot
    probe_file.event(EV_START, index, popen.pid)
    _check_exits()


def _note_exit(process, slot):
    code = process._popen.returncode if process._popen is not None else None
    if code is None:
        return
    words, signed, base, index = slot
    signed[base + EXITCODE] = code
    words[base + EXITED_SEEN_AT] = time.time_ns()
    words[base + EXIT_KNOWN] = 1  # after the code: a reader that sees it known sees the code
    _unreported.pop(process, None)
    probe_file.event(EV_EXIT, index, words[base + PID], code)


@_safely
def _check_exits():
    for process, slot in list(_unreported.items()):
        _note_exit(process, slot)


def _start(self):
    started_at = time.time_ns()
    after = []
    try:
        label = _label(self)  # start() drops the target (bpo-30775): described before
        after = [done for done in (hook(self) for hook in start_hooks) if done is not None]
    except Exception:
        label = ''
    _original['start'](self)
    _record_start(self, started_at, label)
    for done in after:
        _safely(done)()


@_safely
def _record_join(process, began, slot):
    waited = time.time_ns() - began
    _check_exits()  # the exit the join saw comes first on the timeline
    words, _, base, index = slot
    words[base + JOINS] += 1
    words[base + JOIN_WAIT_NS] += waited
    if waited > words[base + JOIN_MAX_NS]:
        words[base + JOIN_MAX_NS] = waited
    probe_file.event(EV_JOIN_END, index, words[base + PID], waited)


def _join(self, timeout=None):
    slot = _children.get(self)
    if slot is None:
        return _original['join'](self, timeout)
    began = time.time_ns()
    _safely(probe_file.event)(EV_JOIN_BEGIN, slot[3], slot[0][slot[2] + PID])
    try:
        return _original['join'](self, timeout)
    finally:
        _record_join(self, began, slot)


def _stopper(name, word, kind):
    @_safely
    def record(process):
        slot = _children.get(process)
        if slot is not None:
            slot[0][slot[2] + word] = time.time_ns()
            probe_file.event(kind, slot[3], slot[0][slot[2] + PID])

    def stop(self):
        record(self)
        return _original[name](self)
    return stop


def _is_alive(self):
    alive = _original['is_alive'](self)
    if not alive:
        _check_exits()
    return alive


def _exitcode(self):
    code = _original['exitcode'].fget(self)
    if code is not None:
        _check_exits()
    return code


def _cleanup():
    _original['cleanup']()
    _check_exits()


def _bootstrap(self, *args, **kwargs):
    global _me
    _me = self
    try:
        with probe_file.lock():
            if probe_file._file is None:
                probe_file.own_file()  # describes itself as it opens
            else:  # made during spawn's preparation, before the process knew its target
                describe_self()
    except Exception:
        pass
    return _original['bootstrap'](self, *args, **kwargs)


def _after_fork_in_child():
    global _forked, _children, _unreported
    _forked = True
    _children = weakref.WeakKeyDictionary()
    _unreported = weakref.WeakKeyDictionary()


def install():
    base = mp_process.BaseProcess
    _original.update(start=base.start, join=base.join, terminate=base.terminate, is_alive=base.is_alive,
                     exitcode=base.exitcode, bootstrap=base._bootstrap, cleanup=mp_process._cleanup)
    base.start = _start
    base.join = _join
    base.terminate = _stopper('terminate', TERMINATED_AT, EV_TERMINATE)
    if hasattr(base, 'kill'):
        _original['kill'] = base.kill
        base.kill = _stopper('kill', KILLED_AT, EV_KILL)
    base.is_alive = _is_alive
    base.exitcode = property(_exitcode)
    base._bootstrap = _bootstrap
    mp_process._cleanup = _cleanup
    probe_file._on_open.append(describe_self)
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
