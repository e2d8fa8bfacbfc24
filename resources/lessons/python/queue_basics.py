"""Lesson 9: queue basics.

A bounded Queue blocks put() while it is full and get() while it is empty. With a timeout,
they raise queue.Full and queue.Empty instead of waiting on. empty(), full() and get_nowait()
answer at once, but beware: put() hands the item to a feeder thread, so right after a put()
empty() can still say True and get_nowait() can still raise Empty.
"""
import multiprocessing as mp
import queue
import sys

from _lesson import mark, pause, scaled


def getter(q):
    print('getter: get() on an empty queue waits …')
    mark('get-waiting')
    item = q.get()
    mark('got', item=item)
    print(f'getter: got {item!r}')


def putter(q):
    print('putter: put() on a full queue waits …')
    mark('put-waiting')
    q.put('c')
    mark('put-done')
    print('putter: my item is in')


def main():
    q = mp.Queue(maxsize=2)

    g = mp.Process(target=getter, args=(q,))
    g.start()
    pause(3)
    q.put('first')  # wakes the getter
    g.join()

    q.put('a')
    mark('empty-after-put', value=q.empty())  # True is possible: the feeder thread may lag
    q.put('b')
    print(f'two items in a queue of two: full() = {q.full()}')
    mark('full', value=q.full())

    p = mp.Process(target=putter, args=(q,))
    p.start()
    pause(3)
    print(f'main: took {q.get()!r}, which makes room')  # wakes the putter
    p.join()

    try:
        q.put('d', timeout=scaled(1))
    except queue.Full:
        print('put(timeout=1) on a full queue: queue.Full')
        mark('raised', call='put', error='Full')

    while True:
        try:
            print(f'get_nowait() -> {q.get_nowait()!r}')
        except queue.Empty:
            break
    q.put('e')
    try:
        item = q.get_nowait()  # may raise Empty: 'e' may still be with the feeder thread
        mark('get-nowait-after-put', got=item)
    except queue.Empty:
        mark('get-nowait-after-put', got=None)
        item = q.get(timeout=scaled(1))
    print(f'got {item!r}')

    try:
        q.get(timeout=scaled(1))
    except queue.Empty:
        print('get(timeout=1) on an empty queue: queue.Empty')
        mark('raised', call='get', error='Empty')


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
