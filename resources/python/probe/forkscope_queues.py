"""Forkscope's queue probe: counts what a program does with multiprocessing.Queue and
JoinableQueue, for Forkscope to chart, without changing what the program does.

Every process of the program counts into its own small memory-mapped file in the folder
Forkscope named (FORKSCOPE_QUEUES_DIR); Forkscope reads those files ten times a second. A count
is a write to memory: it never blocks, needs no thread, and survives the process being killed
(multiprocessing kills daemon children with SIGTERM, which skips every exit handler). The file
layout is the wire protocol fsq-probe/1, declared in src/shared/wire/queue-probe.ts.
"""
import mmap
import os
import queue as queue_module
import struct
import threading

import multiprocessing
import multiprocessing.context as mp_context
import multiprocessing.queues as mp_queues

MAGIC = b'FSQP'
VERSION = 1
HEADER_BYTES = 64
SLOT_BYTES = 256
SLOTS = 63
FILE_BYTES = HEADER_BYTES + SLOTS * SLOT_BYTES
ID_OFFSET = 72
ID_BYTES = SLOT_BYTES - ID_OFFSET
# Counters are little-endian u64 words from byte 8 of a slot, in this order.
PUTS, GETS, TASK_DONE, PUTTING, GETTING, FULL, EMPTY = range(1, 8)
KINDS = {'Queue': 0, 'JoinableQueue': 1}

_folder = None
_lock = threading.Lock()  # taken when a queue is first used in a process, never per put/get
_file = None  # (mmap, words) of this process, made on first use
_slots = {}  # queue id -> (words, first word of its slot) in this process
_sites = {}  # 'file:line' -> how many queues that line created in this process
_spare = memoryview(bytearray(SLOT_BYTES)).cast('Q')  # counts that found no free slot go here
_probe_dir = os.path.dirname(os.path.abspath(__file__))
_multiprocessing_dir = os.path.dirname(os.path.abspath(mp_queues.__file__))


def _creation_site():
    """Where the program created the queue: the first frame outside multiprocessing and us."""
    import sys
    frame = sys._getframe(2)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        folder = os.path.dirname(filename)
        if folder != _probe_dir and folder != _multiprocessing_dir:
            try:
                shown = os.path.relpath(filename)
            except ValueError:  # another drive, on Windows
                shown = filename
            if shown.startswith('..'):
                shown = filename
            return '%s:%d' % (shown, frame.f_lineno)
        frame = frame.f_back
    return '<unknown>:0'


def _new_queue_id():
    site = _creation_site()
    with _lock:
        n = _sites[site] = _sites.get(site, 0) + 1
    return site if n == 1 else '%s#%d' % (site, n)


def _open_own_file():
    global _file
    name = os.path.join(_folder, '%d-%s.fsq' % (os.getpid(), os.urandom(4).hex()))
    fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.ftruncate(fd, FILE_BYTES)
        memory = mmap.mmap(fd, FILE_BYTES)
    finally:
        os.close(fd)
    struct.pack_into('<4sIII', memory, 0, MAGIC, VERSION, os.getpid(), 0)
    _file = (memory, memoryview(memory).cast('Q'))


def _slot(queue):
    """The counters of `queue` in this process's file, claimed on first use."""
    with _lock:
        found = _slots.get(queue._fs_id)
        if found is not None:
            return found
        if _file is None:
            _open_own_file()
        memory, words = _file
        used = struct.unpack_from('<I', memory, 12)[0]
        if used >= SLOTS:
            found = (_spare, 0)
        else:
            offset = HEADER_BYTES + used * SLOT_BYTES
            label = queue._fs_id.encode('utf-8')[:ID_BYTES]
            struct.pack_into('<HBxI', memory, offset, len(label), KINDS[queue._fs_kind], queue._fs_maxsize)
            memory[offset + ID_OFFSET:offset + ID_OFFSET + len(label)] = label
            # The slot is complete before it is counted as used: a reader never sees half of it.
            struct.pack_into('<I', memory, 12, used + 1)
            found = (words, offset // 8)
        _slots[queue._fs_id] = found
        return found


def _after_fork_in_child():
    # The child counts its own work in its own file: drop the parent's mapping and slots.
    global _lock, _file, _slots
    _lock = threading.Lock()  # another thread of the parent may have held it at the fork
    if _file is not None:
        _file[1].release()
        _file[0].close()
    _file = None
    _slots = {}


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


def install():
    """Called by the probe's sitecustomize when Forkscope set FORKSCOPE_QUEUES_DIR."""
    global _folder
    if _folder is not None:
        return
    _folder = os.environ['FORKSCOPE_QUEUES_DIR']

    # Queue() and JoinableQueue() of every context, and the module-level names bound to the
    # default context at import. multiprocessing.queues itself is left alone: JoinableQueue
    # calls Queue's methods through that module's globals.
    def Queue(self, maxsize=0):
        return InstrumentedQueue(maxsize, ctx=self.get_context())

    def JoinableQueue(self, maxsize=0):
        return InstrumentedJoinableQueue(maxsize, ctx=self.get_context())

    mp_context.BaseContext.Queue = Queue
    mp_context.BaseContext.JoinableQueue = JoinableQueue
    multiprocessing.Queue = mp_context._default_context.Queue
    multiprocessing.JoinableQueue = mp_context._default_context.JoinableQueue
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
