"""Lesson 11: JoinableQueue, task_done() and join().

Workers call task_done() once per item they finish; q.join() returns when every item put has
been marked done. The workers loop forever, so they are daemons: when the main process's code
ends, they are terminated. One task_done() too many raises ValueError. And joining a daemon
worker that loops forever never returns: run this file with --join-the-worker to see that
deadlock (Forkscope stops it after a while; press Ctrl-C on your own).
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause

ITEMS = 6


def worker(q):
    while True:
        item = q.get()
        pause(0.5)
        print(f'worker {os.getpid()}: done with {item}')
        mark('done', item=item)
        q.task_done()


def main():
    q = mp.JoinableQueue()
    workers = [mp.Process(target=worker, args=(q,), daemon=True) for _ in range(2)]
    for w in workers:
        w.start()
    for item in range(ITEMS):
        q.put(item)

    if '--join-the-worker' in sys.argv:
        workers[0].join()  # the worker never ends: this waits forever

    q.join()  # returns once task_done() was called for every item
    print('main: every item is done')
    mark('all-done')
    try:
        q.task_done()
    except ValueError as error:
        print(f'one task_done() too many: ValueError: {error}')
        mark('raised', error='ValueError')
    # the main process's code ends here: its daemon workers are terminated


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
