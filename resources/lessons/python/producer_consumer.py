"""Lesson 10: producers and consumers.

A consumer loops on get(). Once the producer is done, nothing tells the consumers to stop:
they wait on get() forever, and so does the main process, joining them. Run this file with
--no-stop-signal to see it (Forkscope stops it after a while; press Ctrl-C on your own).
The fix: put one stop signal (a sentinel, here None) per consumer after the last item.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause

ITEMS = 6
STOP = None


def producer(q):
    for item in range(ITEMS):
        pause(0.5)
        q.put(item)


def consumer_without_stop(q):
    while True:
        mark('waiting')
        item = q.get()  # after the last item this waits forever
        mark('got', item=item)
        print(f'consumer {os.getpid()}: got {item}')


def consumer(q):
    while True:
        item = q.get()
        if item is STOP:
            mark('stopped')
            print(f'consumer {os.getpid()}: stop signal, leaving')
            return
        mark('got', item=item)
        print(f'consumer {os.getpid()}: got {item}')


def main():
    with_stop = '--no-stop-signal' not in sys.argv
    q = mp.Queue()
    target = consumer if with_stop else consumer_without_stop
    consumers = [mp.Process(target=target, args=(q,)) for _ in range(2)]
    for c in consumers:
        c.start()
    p = mp.Process(target=producer, args=(q,))
    p.start()
    p.join()
    if with_stop:
        for _ in consumers:
            q.put(STOP)  # one per consumer: each takes exactly one and leaves
    for c in consumers:
        c.join()
    print('main: all consumers have ended')


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
