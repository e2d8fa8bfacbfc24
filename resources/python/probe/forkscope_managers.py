"""Managers: the manager a program started (its id, class and server process) and every proxy call
each process makes (by the proxy's type and shared object, with time in the call and the errors it
raised); a manager's Queue() and JoinableQueue() proxies also count puts and gets for the queue view.

A proxy call is a round trip to the server over a socket, so counting it (a dictionary lookup, a
few memory writes, two clock reads) costs little beside it. Nothing is added to what proxies pickle:
a child finds a proxy's slot by the shared object's token, and the process that created the object
names it, by the `file:line` that asked the manager for it."""
import importlib.machinery
import os
import sys
import time
import zlib

import forkscope_probe_file as probe_file
import forkscope_sites as sites

MANAGER, PROXY = 8, 9
# Words of a MANAGER slot (in the starter's file); extra is the server's pid, the label `id<US>class`.
ADDRESS_KEY = 1
# Words of a PROXY slot (in each calling process's file); extra is ADDRESS_KEY of its manager, the
# label `typeid<US>object id<US>file:line` (the site only where the object was created).
CALLS, CALL_NS, MAX_CALL_NS, IN_CALL, RAISED, PUTS, GETS, TASK_DONE, PUTTING, GETTING, FULL, EMPTY, MAXSIZE = range(1, 14)
QUEUE_TYPES = ('Queue', 'JoinableQueue')
SEPARATOR = '\x1f'

_slots = {}  # (address, object id) -> PROXY slot, in this process
_created = {}  # (address, object id) -> (site, maxsize) of the objects this process (or its parent before a fork) created
_keys = {}  # address -> its 32-bit key
_original = {}
_clock = time.perf_counter_ns


def address_key(address):
    found = _keys.get(address)
    if found is None:
        found = _keys[address] = zlib.crc32(repr(address).encode('utf-8'))
    return found


def _slot(token):
    found = _slots.get((token.address, token.id))
    if found is None:
        with probe_file.lock():
            key = (token.address, token.id)
            found = _slots.get(key)
            if found is None:
                site, maxsize = _created.get(key, ('', 0))
                label = SEPARATOR.join((token.typeid or '', token.id or '', site))
                found = _slots[key] = probe_file.claim_object_slot(PROXY, 0, address_key(token.address), label, True)
                found[0][found[2] + MAXSIZE] = maxsize
    return found


def _callmethod(self, methodname, args=(), kwds={}):
    token = self._token
    words, _, base, _ = _slots.get((token.address, token.id)) or _slot(token)
    queue = token.typeid in QUEUE_TYPES
    if queue:
        if methodname == 'put' or methodname == 'put_nowait':
            words[base + PUTTING] += 1
        elif methodname == 'get' or methodname == 'get_nowait':
            words[base + GETTING] += 1
        elif methodname == 'task_done':
            words[base + TASK_DONE] += 1  # first: the join() it releases may end the program at once
    words[base + IN_CALL] += 1
    began = _clock()
    failed = None
    try:
        return _original['callmethod'](self, methodname, args, kwds)
    except BaseException as error:
        failed = type(error).__name__  # the name only: holding the error would keep its frames alive
        raise
    finally:
        waited = _clock() - began
        words[base + IN_CALL] -= 1
        words[base + CALLS] += 1
        words[base + CALL_NS] += waited
        if waited > words[base + MAX_CALL_NS]:
            words[base + MAX_CALL_NS] = waited
        if failed is not None:
            words[base + RAISED] += 1
        if queue:
            _count_queue(words, base, methodname, failed)


def _count_queue(words, base, methodname, failed):
    if methodname == 'put' or methodname == 'put_nowait':
        words[base + PUTTING] -= 1
        if failed is None:
            words[base + PUTS] += 1
        elif failed == 'Full':
            words[base + FULL] += 1
    elif methodname == 'get' or methodname == 'get_nowait':
        words[base + GETTING] -= 1
        if failed is None:
            words[base + GETS] += 1
        elif failed == 'Empty':
            words[base + EMPTY] += 1
    elif methodname == 'task_done' and failed is not None:
        words[base + TASK_DONE] -= 1


def _create(*args, **kwds):
    token, exposed = _original['create'](*args, **kwds)
    try:
        typeid = args[1] if len(args) > 1 else kwds.get('typeid')
        maxsize = 0
        if typeid in QUEUE_TYPES:
            given = args[2] if len(args) > 2 else kwds.get('maxsize', 0)
            maxsize = max(0, int(given)) if isinstance(given, int) else 0
        _created[(token.address, token.id)] = (sites.new_id(sites.creation_site(2)), maxsize)
        _slot(token)  # the creator shows it before its first call
    except Exception:
        pass
    return token, exposed


def _start(self, *args, **kwargs):
    try:
        manager_id = sites.new_id(sites.creation_site(2))
    except Exception:
        manager_id = None
    result = _original['start'](self, *args, **kwargs)
    try:
        if manager_id is not None:
            server = getattr(self, '_process', None)
            label = SEPARATOR.join((manager_id, type(self).__name__))
            slot = probe_file.claim_object_slot(MANAGER, 0, getattr(server, 'pid', 0) or 0, label)
            slot[0][slot[2] + ADDRESS_KEY] = address_key(self._address)
    except Exception:
        pass
    return result


def _after_fork_in_child():
    global _slots
    _slots = {}


def _patch(managers):
    if 'start' in _original:
        return
    base, proxy = managers.BaseManager, managers.BaseProxy
    _original.update(start=base.start, create=base._create, callmethod=proxy._callmethod)
    base.start, base._create, proxy._callmethod = _start, _create, _callmethod


class _WhenImported(object):
    """Patches multiprocessing.managers as it is first imported: a program that never uses a manager
    does not import it (and its shared_memory) because of the probe."""

    def find_spec(self, name, path=None, target=None):
        if name != 'multiprocessing.managers' or 'start' in _original:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        loader = getattr(spec, 'loader', None)
        if loader is None or not hasattr(loader, 'exec_module'):
            return None
        run = loader.exec_module

        def exec_module(module):
            run(module)
            try:
                _patch(module)
            except Exception:  # counting nothing is better than a program that does not start
                pass
        loader.exec_module = exec_module
        return spec


def install():
    if 'multiprocessing.managers' in sys.modules:
        _patch(sys.modules['multiprocessing.managers'])
    else:
        sys.meta_path.insert(0, _WhenImported())
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
