"""Forkscope's queue probe: counts what a program does with multiprocessing.Queue,
JoinableQueue and SimpleQueue, for Forkscope to chart, without changing what the program does.

Every process of the program counts into its own small memory-mapped file in the folder
Forkscope named (FORKSCOPE_QUEUES_DIR); Forkscope reads those files ten times a second. A count
is a write to memory: it never blocks, needs no thread, and survives the process being killed
(multiprocessing kills daemon children with SIGTERM, which skips every exit handler). The file
layout is the wire protocol fsq-probe/2, declared in src/shared/wire/queue-probe.ts.
"""
import os
import queue as queue_module
import sys

import multiprocessing
import multiprocessing.context as mp_context
import multiprocessing.queues as mp_queues

import forkscope_probe_file as probe_file
import forkscope_sites as sites

# Counters are little-endian u64 words from byte 8 of a slot, in this order.
PUTS, GETS, TASK_DONE, PUTTING, GETTING, FULL, EMPTY = range(1, 8)
KINDS = {'Queue': 0, 'JoinableQueue': 1, 'SimpleQueue': 2}

_slots = {}  # queue id -> (words, first word of its slot) in this process
_generation = object()  # replaced in a forked child: counters kept on an instance before it are the parent's


def _new_queue_id():
    return sites.new_id(sites.creation_site(3))


def _slot(queue):
    """The counters of `queue` in this process's file, claimed on first use."""
    with probe_file.lock():
        found = _slots.get(queue._fs_id)
        if found is None:
            found = _slots[queue._fs_id] = probe_file.claim_queue_slot(KINDS[queue._fs_kind], queue._fs_maxsize, queue._fs_id)
        return found


def _after_fork_in_child():
    global _slots, _generation
    _slots = {}
    _generation = object()


class _Probe(object):
    """Counts put/get/task_done in place; everything else is multiprocessing's own."""

    _fs_kind = 'Queue'

    def __init__(self, maxsize=0, *, ctx):
        super().__init__(maxsize, ctx=ctx)
        self._fs_id = _new_queue_id()
        self._fs_maxsize = max(0, int(maxsize))
        _slot(self)  # the creator shows it even before it is used

    def __getstate__(self):
        return (super().__getstate__(), self._fs_id, self._fs_maxsize)

    def __setstate__(self, state):
        inner, self._fs_id, self._fs_maxsize = state
        super().__setstate__(inner)

    def put(self, obj, block=True, timeout=None):
        words, base = _slots.get(self._fs_id) or _slot(self)
        words[base + PUTTING] += 1
        try:
            super().put(obj, block, timeout)
        except queue_module.Full:
            words[base + FULL] += 1
            raise
        finally:
            words[base + PUTTING] -= 1
        words[base + PUTS] += 1

    def get(self, block=True, timeout=None):
        words, base = _slots.get(self._fs_id) or _slot(self)
        words[base + GETTING] += 1
        try:
            item = super().get(block, timeout)
        except queue_module.Empty:
            words[base + EMPTY] += 1
            raise
        finally:
            words[base + GETTING] -= 1
        words[base + GETS] += 1
        return item


class InstrumentedQueue(_Probe, mp_queues.Queue):
    _fs_kind = 'Queue'


class InstrumentedJoinableQueue(_Probe, mp_queues.JoinableQueue):
    _fs_kind = 'JoinableQueue'

    def task_done(self):
        # Counted first: the join() this call releases may end the program, and multiprocessing
        # then kills daemon workers at once, before a count made afterwards could land.
        words, base = _slots.get(self._fs_id) or _slot(self)
        words[base + TASK_DONE] += 1
        try:
            super().task_done()
        except ValueError:  # called more times than there were items
            words[base + TASK_DONE] -= 1
            raise


class InstrumentedSimpleQueue(mp_queues.SimpleQueue):
    """SimpleQueue has no size, timeout or Full/Empty: put and get are counted, with the calls in them.
    Its put and get are cheap (a few microseconds), so the counters are kept on the instance, checked
    against the fork generation, and SimpleQueue's own methods are called without super()."""

    _fs_kind = 'SimpleQueue'
    _fs_maxsize = 0

    def __init__(self, *, ctx):
        _simple_init(self, ctx=ctx)
        self._fs_id = sites.new_id(sites.creation_site(2))
        self._fs_counts = _slot(self) + (_generation,)

    def __getstate__(self):
        return (_simple_getstate(self), self._fs_id)

    def __setstate__(self, state):
        inner, self._fs_id = state
        _simple_setstate(self, inner)

    def _fs_rebind(self):
        counts = self._fs_counts = _slot(self) + (_generation,)
        return counts

    def put(self, obj):
        counts = self.__dict__.get('_fs_counts')
        if counts is None or counts[2] is not _generation:
            counts = self._fs_rebind()
        words, base = counts[0], counts[1]
        words[base + PUTTING] += 1
        try:
            _simple_put(self, obj)
        finally:
            words[base + PUTTING] -= 1
        words[base + PUTS] += 1

    def get(self):
        counts = self.__dict__.get('_fs_counts')
        if counts is None or counts[2] is not _generation:
            counts = self._fs_rebind()
        words, base = counts[0], counts[1]
        words[base + GETTING] += 1
        try:
            item = _simple_get(self)
        finally:
            words[base + GETTING] -= 1
        words[base + GETS] += 1
        return item


_simple = mp_queues.SimpleQueue
_simple_init, _simple_getstate, _simple_setstate = _simple.__init__, _simple.__getstate__, _simple.__setstate__
_simple_put, _simple_get = _simple.put, _simple.get


def install():
    """Called by the probe's sitecustomize when Forkscope set FORKSCOPE_QUEUES_DIR."""

    # Queue() and JoinableQueue() of every context, and the module-level names bound to the
    # default context at import. multiprocessing.queues itself is left alone: JoinableQueue
    # calls Queue's methods through that module's globals.
    def Queue(self, maxsize=0):
        return InstrumentedQueue(maxsize, ctx=self.get_context())

    def JoinableQueue(self, maxsize=0):
        return InstrumentedJoinableQueue(maxsize, ctx=self.get_context())

    def SimpleQueue(self):
        # A Pool's and a ProcessPoolExecutor's own task and result queues are theirs, not the program's.
        if os.path.dirname(sys._getframe(1).f_code.co_filename) in sites.library_dirs:
            return original_simple(self)
        return InstrumentedSimpleQueue(ctx=self.get_context())

    original_simple = mp_context.BaseContext.SimpleQueue
    mp_context.BaseContext.Queue = Queue
    mp_context.BaseContext.SimpleQueue = SimpleQueue
    mp_context.BaseContext.JoinableQueue = JoinableQueue
    multiprocessing.Queue = mp_context._default_context.Queue
    multiprocessing.JoinableQueue = mp_context._default_context.JoinableQueue
    multiprocessing.SimpleQueue = mp_context._default_context.SimpleQueue
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
