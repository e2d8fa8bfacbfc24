"""Locks and the other synchronisation objects: Lock, RLock, Semaphore, BoundedSemaphore (their
acquisitions, the ones that had to wait, total and longest wait, the pid holding it), Condition,
Event and Barrier (their lock's acquisitions, their wait() calls and time, Event set/clear).

The hot path is an uncontended acquire: one non-blocking try of the C semaphore, two counter
writes; only a failed try starts a clock. A Condition, Event or Barrier is one object named by the
line that made it: the semaphores multiprocessing makes inside it are not counted apart."""
import os
import sys
import threading
import time
import weakref

import multiprocessing
import multiprocessing.context as mp_context
import multiprocessing.synchronize as mp_sync

import forkscope_probe_file as probe_file
import forkscope_sites as sites

LOCK = 6
KINDS = {'Lock': 0, 'RLock': 1, 'Semaphore': 2, 'BoundedSemaphore': 3, 'Condition': 4, 'Event': 5, 'Barrier': 6}
EV_LOCK_WAIT, EV_WAIT_CALL = 20, 21
# Words of a LOCK slot.
ACQUIRES, CONTENDED, WAIT_NS, MAX_WAIT_NS, HOLDER, WAITING, GAVE_UP, SETS, CLEARS, WAITS, WAIT_CALL_NS, MAX_WAIT_CALL_NS = range(1, 13)

_pid = os.getpid()
_slots = {}  # lock id -> slot, in this process (claimed on first use, dropped at fork)
_states = weakref.WeakSet()  # every wrapped lock's state in this process
_local = threading.local()  # what an object being made inside one of ours should be counted as
_original = {}
_clock = time.perf_counter_ns


def _slot(info):
    found = _slots.get(info[0])
    if found is None:
        with probe_file.lock():
            found = _slots.get(info[0])
            if found is None:
                found = _slots[info[0]] = probe_file.claim_object_slot(LOCK, info[1], 0, info[0], True)
    return found


class _State(object):
    """Where a wrapped lock counts in this process: its slot, and the two words the fast path writes."""
    __slots__ = ('words', 'acquires', 'holder', 'slot', '__weakref__')

    def __init__(self):
        self.words = None


def _bind(state, info):
    slot = _slot(info)
    words, _, base, _ = slot
    state.acquires, state.holder, state.slot = base + ACQUIRES, base + HOLDER, slot
    state.words = words
    return words


def _wrap(lock, info):
    """Replaces the instance's acquire/release (multiprocessing binds the C ones per instance). The
    uncontended path reads its words from a state the fork hook clears, without a dictionary lookup."""
    semlock = lock._semlock
    c_acquire, c_release = semlock.acquire, semlock.release
    state = _State()
    _states.add(state)

    def acquire(block=True, timeout=None):
        if c_acquire(False):
            words = state.words or _bind(state, info)
            words[state.acquires] += 1
            words[state.holder] = _pid
            return True
        if state.words is None:
            _bind(state, info)
        words, _, base, index = state.slot
        if not block:
            words[base + GAVE_UP] += 1
            return False
        began = _clock()
        words[base + WAITING] += 1
        try:
            got = c_acquire(True, timeout)
        finally:
            words[base + WAITING] -= 1
        waited = _clock() - began
        words[base + CONTENDED] += 1
        words[base + WAIT_NS] += waited
        if waited > words[base + MAX_WAIT_NS]:
            words[base + MAX_WAIT_NS] = waited
        if got:
            words[base + ACQUIRES] += 1
            words[base + HOLDER] = _pid
        else:
            words[base + GAVE_UP] += 1
        probe_file.event(EV_LOCK_WAIT, index, waited, _pid)
        return got

    def release():
        words = state.words or _bind(state, info)
        words[state.holder] = 0
        return c_release()

    lock.acquire, lock.release = acquire, release


def _by_library():
    """Made by multiprocessing itself (a Queue's internal lock, a Pool's): not the program's object."""
    return os.path.dirname(sys._getframe(2).f_code.co_filename) in sites.library_dirs


def _made(kind, original):
    """A context's Lock()/RLock()/Semaphore()/BoundedSemaphore(), counted under the line that called it."""
    def make(self, *args, **kwargs):
        claim = getattr(_local, 'claim', None)
        if (claim is not None and claim[2]) or (claim is None and _by_library()):
            return original(self, *args, **kwargs)  # inside an object of ours that has its lock already
        if claim is not None:
            claim[2] = True
            info = (claim[0], claim[1])
        else:
            info = (sites.new_id(sites.creation_site(2)), KINDS[kind])
        lock = original(self, *args, **kwargs)
        lock._fs_lock = info
        _wrap(lock, info)
        return lock
    return make


def _composite(kind, original):
    """A Condition/Event/Barrier: the first lock made inside it carries its id and kind."""
    def make(self, *args, **kwargs):
        if getattr(_local, 'claim', None) is not None or _by_library():
            return original(self, *args, **kwargs)
        _local.claim = [sites.new_id(sites.creation_site(2)), KINDS[kind], False]
        try:
            return original(self, *args, **kwargs)
        finally:
            _local.claim = None
    return make


def _info_of(lock):
    return getattr(lock, '_fs_lock', None)


def _wait(self, timeout=None):
    info = _info_of(self._lock)
    if info is None:
        return _original['wait'](self, timeout)
    words, _, base, index = _slots.get(info[0]) or _slot(info)
    began = _clock()
    try:
        return _original['wait'](self, timeout)
    finally:
        waited = _clock() - began
        words[base + WAITS] += 1
        words[base + WAIT_CALL_NS] += waited
        if waited > words[base + MAX_WAIT_CALL_NS]:
            words[base + MAX_WAIT_CALL_NS] = waited
        probe_file.event(EV_WAIT_CALL, index, waited, _pid)


def _event_counter(name, word):
    def call(self):
        info = _info_of(self._cond._lock)
        if info is not None:
            slot = _slots.get(info[0]) or _slot(info)
            slot[0][slot[2] + word] += 1
        return _original[name](self)
    return call


def _getstate(self):
    state = _original['getstate'](self)
    info = _info_of(self)
    return state if info is None else ('forkscope-lock', info, state)


def _setstate(self, state):
    if isinstance(state, tuple) and len(state) == 3 and state[0] == 'forkscope-lock':
        self._fs_lock = state[1]
        state = state[2]
    _original['setstate'](self, state)


def _make_methods(self):
    _original['make_methods'](self)
    info = _info_of(self)
    if info is not None:
        _wrap(self, info)


def _after_fork_in_child():
    global _pid, _slots
    _pid = os.getpid()
    _slots = {}
    for state in list(_states):  # the parent's file is gone in the child: each lock finds its own slot again
        state.words = None


def install():
    base = mp_context.BaseContext
    for kind in ('Lock', 'RLock', 'Semaphore', 'BoundedSemaphore'):
        setattr(base, kind, _made(kind, getattr(base, kind)))
    for kind in ('Condition', 'Event', 'Barrier'):
        setattr(base, kind, _composite(kind, getattr(base, kind)))
    for kind in KINDS:
        setattr(multiprocessing, kind, getattr(mp_context._default_context, kind))
    semlock = mp_sync.SemLock
    _original.update(getstate=semlock.__getstate__, setstate=semlock.__setstate__, make_methods=semlock._make_methods,
                     wait=mp_sync.Condition.wait, set=mp_sync.Event.set, clear=mp_sync.Event.clear)
    semlock.__getstate__, semlock.__setstate__, semlock._make_methods = _getstate, _setstate, _make_methods
    # `with lock:` goes through the instance's acquire/release, which count, instead of the C ones.
    semlock.__enter__ = lambda self: self.acquire()
    semlock.__exit__ = lambda self, *args: self.release()
    mp_sync.Condition.wait = _wait
    mp_sync.Event.set = _event_counter('set', SETS)
    mp_sync.Event.clear = _event_counter('clear', CLEARS)
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
