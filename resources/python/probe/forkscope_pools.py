"""Pools: multiprocessing.Pool and concurrent.futures.ProcessPoolExecutor. The parent counts what
was submitted (items, chunks, calls by kind, the largest chunk) and how many workers the pool
started over its life; each worker counts in its own file what it started, completed and failed
(by exception type), per chunk, never per item: a map of a million items costs a few counts per
chunk. The worker wraps its own task queue's get and result queue's put, so the loop it runs is
multiprocessing's own."""
import functools
import sys
import weakref

import multiprocessing.pool as mp_pool

import forkscope_probe_file as probe_file
import forkscope_sites as sites

POOL, POOL_WORKER, POOL_FAILURE = 3, 4, 5
EV_TASK_START, EV_TASK_END = 10, 11
# Words of a POOL slot (in the parent's file); flags: 0 Pool, 1 ProcessPoolExecutor.
WORKERS, SUBMITTED, CHUNKS_SUBMITTED, MAP_CALLS, IMAP_CALLS, APPLY_CALLS, SUBMIT_CALLS, MAX_CHUNK, SIZE = range(1, 10)
# Words of a POOL_WORKER slot (in the worker's file); its label is the pool's id.
STARTED, COMPLETED, FAILED, CHUNKS, BUSY = range(1, 6)

_pools = weakref.WeakValueDictionary()  # id(task queue) -> the queue, so a reused id is told apart
_pool_slots = {}  # id(task queue) -> (pool id, POOL slot)
_original = {}


def _new_pool(task_queue, kind_flag):
    pool_id = sites.new_id(sites.creation_site(3))
    slot = probe_file.claim_object_slot(POOL, kind_flag, 0, pool_id)
    _pools[id(task_queue)] = task_queue
    _pool_slots[id(task_queue)] = (pool_id, slot)
    return slot


def pool_of(process):
    """The (pool id, POOL slot) a worker process about to start belongs to, or None."""
    args = getattr(process, '_args', None)
    if not args or _pools.get(id(args[0])) is not args[0]:
        return None
    return _pool_slots.get(id(args[0]))


def _items(func, args):
    """Items in one task: a map chunk holds several (multiprocessing's mapstar, futures' _process_chunk)."""
    if func is mp_pool.mapstar or func is mp_pool.starmapstar:
        return len(args[0][1])
    if isinstance(func, functools.partial) and getattr(func.func, '__name__', '') == '_process_chunk':
        return len(args[0])
    return 1


def _count_submitted(slot, items):
    words, _, base, _ = slot
    words[base + SUBMITTED] += items
    words[base + CHUNKS_SUBMITTED] += 1
    if items > words[base + MAX_CHUNK]:
        words[base + MAX_CHUNK] = items


class _WorkerCounts(object):
    """A worker's counts, in its own file, under its pool's id."""

    def __init__(self, pool_id):
        with probe_file.lock():
            self.slot = probe_file.claim_object_slot(POOL_WORKER, 0, 0, pool_id, True)
        self.failures = {}
        self.current = 0
        self.pool_id = pool_id

    def started(self, items):
        words, _, base, index = self.slot
        self.current = items
        words[base + STARTED] += items
        words[base + CHUNKS] += 1
        words[base + BUSY] = 1
        probe_file.event(EV_TASK_START, index, items)

    def ended(self, error):
        words, _, base, index = self.slot
        items, self.current = self.current, 0
        if error is None:
            words[base + COMPLETED] += items
        else:
            words[base + FAILED] += items
            name = type(getattr(error, 'exc', error)).__name__  # unwrapped from ExceptionWithTraceback
            failure = self.failures.get(name)
            if failure is None:
                failure = self.failures[name] = probe_file.claim_object_slot(POOL_FAILURE, 0, 0, '%s\x1f%s' % (self.pool_id, name))
            failure[0][failure[2] + 1] += items
        words[base + BUSY] = 0
        probe_file.event(EV_TASK_END, index, items, 0 if error is None else 1)


def _counts_for_this_worker():
    import multiprocessing
    pool_id = getattr(multiprocessing.current_process(), '_fs_pool', None)
    return _WorkerCounts(pool_id) if pool_id else None


def pool_worker(inqueue, outqueue, *args, **kwargs):
    """multiprocessing.pool.worker, counting each task as it is taken and its result as it is sent."""
    try:
        counts = _counts_for_this_worker()
    except Exception:
        counts = None
    if counts is not None:
        get, put = inqueue.get, outqueue.put

        def counted_get():
            task = get()
            if task is not None:
                try:
                    counts.started(_items(task[2], task[3]))
                except Exception:
                    pass
            return task

        def counted_put(result):
            # Counted before it is sent: once the parent has it, it may end this worker at once.
            try:
                ok, value = result[2]
                counts.ended(None if ok else value)
            except Exception:
                pass
            return put(result)

        inqueue.get, outqueue.put = counted_get, counted_put
    return _original['worker'](inqueue, outqueue, *args, **kwargs)


pool_worker._fs_describes = mp_pool.worker


def executor_worker(call_queue, result_queue, *args, **kwargs):
    """concurrent.futures' _process_worker, counted the same way."""
    import concurrent.futures.process as futures_process
    try:
        counts = _counts_for_this_worker()
    except Exception:
        counts = None
    if counts is not None:
        get, put = call_queue.get, result_queue.put

        def counted_get(*get_args, **get_kwargs):
            item = get(*get_args, **get_kwargs)
            if item is not None:
                try:
                    counts.started(_items(item.fn, item.args))
                except Exception:
                    pass
            return item

        def counted_put(item):
            if isinstance(item, futures_process._ResultItem):
                try:
                    counts.ended(item.exception)
                except Exception:
                    pass
            return put(item)

        call_queue.get, result_queue.put = counted_get, counted_put
    return futures_process._fs_original_worker(call_queue, result_queue, *args, **kwargs)


def _safely(record):
    def wrapped(*args):
        try:
            return record(*args)
        except Exception:
            return None
    return wrapped


def _install_pool():
    Pool = mp_pool.Pool
    _original.update(worker=mp_pool.worker, init=Pool.__init__, setup=Pool._setup_queues, generation=Pool._guarded_task_generation,
                     apply_async=Pool.apply_async, map_async=Pool._map_async, imap=Pool.imap, imap_unordered=Pool.imap_unordered)
    mp_pool.worker = pool_worker

    def _setup_queues(self):
        _original['setup'](self)
        _safely(_new_pool)(self._inqueue, 0)

    def __init__(self, *args, **kwargs):
        _original['init'](self, *args, **kwargs)
        slot = _slot(self)
        if slot is not None:
            slot[0][slot[2] + SIZE] = getattr(self, '_processes', 0)

    def _slot(pool):
        found = _pool_slots.get(id(getattr(pool, '_inqueue', None)))
        return found[1] if found else None

    def _guarded_task_generation(self, result_job, func, iterable):
        slot = _slot(self)
        for task in _original['generation'](self, result_job, func, iterable):
            if slot is not None:
                _safely(_count_submitted)(slot, _items(task[2], task[3]))
            yield task

    def _calls(name, word):
        def call(self, *args, **kwargs):
            slot = _slot(self)
            if slot is not None:
                slot[0][slot[2] + word] += 1
                if name == 'apply_async':
                    _safely(_count_submitted)(slot, 1)
            return _original[name](self, *args, **kwargs)
        return call

    Pool._setup_queues = _setup_queues
    Pool.__init__ = __init__
    Pool._guarded_task_generation = _guarded_task_generation
    Pool.apply_async = _calls('apply_async', APPLY_CALLS)
    Pool._map_async = _calls('map_async', MAP_CALLS)
    Pool.imap = _calls('imap', IMAP_CALLS)
    Pool.imap_unordered = _calls('imap_unordered', IMAP_CALLS)


def _install_executor(futures_process):
    Executor = futures_process.ProcessPoolExecutor
    futures_process._fs_original_worker = futures_process._process_worker
    executor_worker._fs_describes = futures_process._process_worker
    futures_process._process_worker = executor_worker
    original_init, original_submit, original_map = Executor.__init__, Executor.submit, Executor.map

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        slot = _safely(_new_pool)(self._call_queue, 1)
        if slot is not None:
            slot[0][slot[2] + SIZE] = getattr(self, '_max_workers', 0)

    def _slot(executor):
        found = _pool_slots.get(id(getattr(executor, '_call_queue', None)))
        return found[1] if found else None

    def submit(self, fn, *args, **kwargs):
        slot = _slot(self)
        if slot is not None:
            if not (isinstance(fn, functools.partial) and fn.func is futures_process._process_chunk):
                slot[0][slot[2] + SUBMIT_CALLS] += 1  # a chunk of map() is counted as map's
            _safely(_count_submitted)(slot, _items(fn, args))
        return original_submit(self, fn, *args, **kwargs)

    def map(self, *args, **kwargs):
        slot = _slot(self)
        if slot is not None:
            slot[0][slot[2] + MAP_CALLS] += 1
        return original_map(self, *args, **kwargs)

    Executor.__init__, Executor.submit, Executor.map = __init__, submit, map


class _AfterImport(object):
    """Patches concurrent.futures.process when the program imports it, and not before: a program
    that never uses it does not pay for importing it."""

    def find_spec(self, name, path=None, target=None):
        if name != 'concurrent.futures.process':
            return None
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module):
            original_exec(module)
            try:
                _install_executor(module)
            except Exception:
                pass
        loader.exec_module = exec_module
        return spec


def _before_start(process):
    """A pool's worker carries its pool's id to the child (pickled with it under spawn), and is counted once started."""
    found = pool_of(process)
    if found is None:
        return None
    process._fs_pool, slot = found

    def started():
        slot[0][slot[2] + WORKERS] += 1
    return started


def install():
    import forkscope_processes
    forkscope_processes.start_hooks.append(_before_start)
    _install_pool()
    if 'concurrent.futures.process' in sys.modules:
        _install_executor(sys.modules['concurrent.futures.process'])
    else:
        sys.meta_path.insert(0, _AfterImport())
