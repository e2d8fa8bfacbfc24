"""Pipe() connections: messages and bytes sent and received at each end, and time blocked in recv.
A connection keeps its pipe's id and end when it is pickled to a spawned child. Only pipes the
program makes with Pipe() are counted: the ones inside Queues, Pools and Managers are not."""
import os
import sys
import time

import multiprocessing
import multiprocessing.connection as mp_connection
import multiprocessing.context as mp_context
import multiprocessing.reduction as mp_reduction

import forkscope_probe_file as probe_file
import forkscope_sites as sites

PIPE_END = 7
EV_RECV_WAIT = 30
# Words of a PIPE_END slot; flags: bit 0 the end (0 the first connection Pipe() returned), bit 1 duplex.
SENT, SENT_BYTES, RECEIVED, RECEIVED_BYTES, RECV_NS, MAX_RECV_NS, IN_RECV = range(1, 8)

_slots = {}  # (pipe id, end) -> slot, in this process
_original = {}
_clock = time.perf_counter_ns


def _slot(info):
    found = _slots.get(info)
    if found is None:
        with probe_file.lock():
            found = _slots.get(info)
            if found is None:
                pipe_id, end, duplex = info
                found = _slots[info] = probe_file.claim_object_slot(PIPE_END, end | (duplex << 1), 0, pipe_id, True)
    return found


def _send_bytes(self, buf):
    info = self.__dict__.get('_fs_pipe')
    if info is not None:
        words, _, base, _ = _slots.get(info) or _slot(info)
        words[base + SENT] += 1
        words[base + SENT_BYTES] += len(buf)
    return _original['send'](self, buf)


def _recv_bytes(self, maxsize=None):
    info = self.__dict__.get('_fs_pipe')
    if info is None:
        return _original['recv'](self, maxsize)
    words, _, base, index = _slots.get(info) or _slot(info)
    words[base + IN_RECV] = 1
    began = _clock()
    try:
        buf = _original['recv'](self, maxsize)
    finally:
        waited = _clock() - began
        words[base + IN_RECV] = 0
        words[base + RECV_NS] += waited
        if waited > words[base + MAX_RECV_NS]:
            words[base + MAX_RECV_NS] = waited
    words[base + RECEIVED] += 1
    words[base + RECEIVED_BYTES] += buf.getbuffer().nbytes if hasattr(buf, 'getbuffer') else len(buf)
    return buf


def _pipe(original):
    def Pipe(self, duplex=True):
        first, second = original(self, duplex)
        if os.path.dirname(sys._getframe(1).f_code.co_filename) in sites.library_dirs:
            return first, second  # concurrent.futures' own wake-up pipe, and the like
        pipe_id = sites.new_id(sites.creation_site(2))
        first._fs_pipe = (pipe_id, 0, 1 if duplex else 0)
        second._fs_pipe = (pipe_id, 1, 1 if duplex else 0)
        return first, second
    return Pipe


def rebuild(rebuild_connection, args, info):
    """Unpickles a connection in a spawned child with its pipe's id and end."""
    connection = rebuild_connection(*args)
    connection._fs_pipe = info
    return connection


def _reduce(connection):
    rebuilt, args = _original['reduce'](connection)
    info = connection.__dict__.get('_fs_pipe')
    return (rebuilt, args) if info is None else (rebuild, (rebuilt, args, info))


def _after_fork_in_child():
    global _slots
    _slots = {}


def install():
    connection = mp_connection.Connection
    _original.update(send=connection._send_bytes, recv=connection._recv_bytes, reduce=mp_connection.reduce_connection)
    connection._send_bytes, connection._recv_bytes = _send_bytes, _recv_bytes
    mp_context.BaseContext.Pipe = _pipe(mp_context.BaseContext.Pipe)
    multiprocessing.Pipe = mp_context._default_context.Pipe
    mp_reduction.register(connection, _reduce)
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
