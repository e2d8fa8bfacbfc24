"""The memory-mapped file each process of a probed program counts into (wire protocol fsq-probe/2,
declared in src/shared/wire/queue-probe.ts): a header, queue slots, object slots and a ring of
events. Everything after the first use of a slot is a plain memory write: no lock, no system
call, nothing that can block, and what was written survives the process being killed.
"""
import itertools
import mmap
import os
import struct
import threading
import time

MAGIC = b'FSQP'
VERSION = 2
HEADER_BYTES = 64
SLOT_BYTES = 256
QUEUE_SLOTS = 63
OBJECTS_AT = 16384
OBJECT_SLOTS = 192
RING_AT = OBJECTS_AT + OBJECT_SLOTS * SLOT_BYTES
RING_ENTRIES = 1024
ENTRY_WORDS = 6
FILE_BYTES = RING_AT + RING_ENTRIES * ENTRY_WORDS * 8
HEAD_WORD = 4  # events written, at byte 32 of the header: a hint for readers, not a claim
OBJECT_LABEL_AT = 128
OBJECT_LABEL_BYTES = SLOT_BYTES - OBJECT_LABEL_AT

folder = None
_lock = threading.Lock()  # taken when a slot is first claimed in a process, never per count
_file = None  # (mmap, unsigned words, signed words) of this process, made on first use
_sequence = itertools.count(1)  # next() is one atomic step under the GIL: no two events share a number
_spare = (memoryview(bytearray(SLOT_BYTES)).cast('Q'), memoryview(bytearray(SLOT_BYTES)).cast('q'), 0)
_on_open = []  # called (under the lock) when this process's file is made: it describes itself first


def _open_own_file():
    global _file
    name = os.path.join(folder, '%d-%s.fsq' % (os.getpid(), os.urandom(4).hex()))
    # Made whole under another name, then renamed: a reader never finds it empty or half made.
    fd = os.open(name + '.new', os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.ftruncate(fd, FILE_BYTES)
        memory = mmap.mmap(fd, FILE_BYTES)
    finally:
        os.close(fd)
    struct.pack_into('<4sIIIII', memory, 0, MAGIC, VERSION, os.getpid(), 0, 0, RING_ENTRIES)
    os.rename(name + '.new', name)
    view = memoryview(memory)
    _file = (memory, view.cast('Q'), view.cast('q'))
    for describe in _on_open:
        describe()


def own_file():
    """This process's file, made on first use (call under the lock)."""
    if _file is None:
        _open_own_file()
    return _file


def claim_queue_slot(kind, maxsize, label):
    """(words, first word) of a new queue slot, or a spare one when the file is full (call under lock())."""
    memory, words, _ = own_file()
    used = struct.unpack_from('<I', memory, 12)[0]
    if used >= QUEUE_SLOTS:
        return (_spare[0], 0)
    offset = HEADER_BYTES + used * SLOT_BYTES
    label = label.encode('utf-8')[:SLOT_BYTES - 72]
    struct.pack_into('<HBxI', memory, offset, len(label), kind, maxsize)
    memory[offset + 72:offset + 72 + len(label)] = label
    # The slot is complete before it is counted as used: a reader never sees half of it.
    struct.pack_into('<I', memory, 12, used + 1)
    return (words, offset // 8)


def claim_object_slot(kind, flags, extra, label, locked=False):
    """(unsigned words, signed words, first word, index) of a new object slot; a spare when full."""
    if not locked:
        with _lock:
            return claim_object_slot(kind, flags, extra, label, True)
    memory, words, signed = own_file()
    used = struct.unpack_from('<I', memory, 16)[0]
    if used >= OBJECT_SLOTS:
        return _spare + (-1,)
    offset = OBJECTS_AT + used * SLOT_BYTES
    encoded = label.encode('utf-8')[:OBJECT_LABEL_BYTES]
    struct.pack_into('<HBBI', memory, offset, len(encoded), kind, flags, extra)
    memory[offset + OBJECT_LABEL_AT:offset + OBJECT_LABEL_AT + len(encoded)] = encoded
    struct.pack_into('<I', memory, 16, used + 1)
    return (words, signed, offset // 8, used)


def set_object_flags(slot, flags):
    """Rewrites the flags byte of an object slot (one byte: never torn)."""
    words, _, base, index = slot
    if index >= 0:
        _file[0][base * 8 + 3] = flags


def event(kind, slot_index, a=0, b=0):
    """Appends one event to the ring, overwriting the oldest. A reader takes an entry only when its
    first and last words carry the same sequence number: the last word is cleared before the entry
    is written and set after, so a half-written entry never passes."""
    if _file is None:
        with _lock:
            own_file()
    _, words, signed = _file
    seq = next(_sequence)
    base = RING_AT // 8 + ((seq - 1) % RING_ENTRIES) * ENTRY_WORDS
    words[base + 5] = 0
    words[base + 1] = time.time_ns()
    words[base + 2] = kind | ((slot_index & 0xFFFFFFFF) << 32)
    signed[base + 3] = a
    signed[base + 4] = b
    words[base] = seq
    words[base + 5] = seq
    words[HEAD_WORD] = seq


def after_fork_in_child():
    """The child counts its own work in its own file: drop the parent's mapping."""
    global _lock, _file, _sequence
    _lock = threading.Lock()  # another thread of the parent may have held it at the fork
    if _file is not None:
        _file[2].release()
        _file[1].release()
        _file[0].close()
    _file = None
    _sequence = itertools.count(1)


def lock():
    return _lock
