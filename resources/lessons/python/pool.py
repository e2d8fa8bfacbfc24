"""Lesson 15: a pool of worker processes.

A Pool starts its workers once and hands them tasks. apply() waits for each result, so tasks
run one at a time; apply_async() returns at once, so tasks run in parallel, and a callback
(or get()) collects each result. close() takes no more tasks and join() waits for the workers
to exit; terminate() stops them at once, unfinished work and all.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def work(way, n, seconds=1):
    mark('task-start', way=way, n=n)
    pause(seconds)
    mark('task-end', way=way, n=n)
    return n * n


def main():
    pool = mp.Pool(processes=3)
    workers = [p.pid for p in mp.active_children()]
    print(f'pool workers: {workers}')
    mark('pool', name='pool', workers=workers)

    for n in (1, 2, 3):
        print(f'apply: {n} squared is {pool.apply(work, ("apply", n))}')  # waits for each

    results = []
    pending = [pool.apply_async(work, ('apply_async', n), callback=results.append) for n in (1, 2, 3)]
    print(f'apply_async: get() -> {[r.get() for r in pending]}; the callback collected {sorted(results)}')
    mark('callbacks', values=sorted(results))

    pool.close()  # no more tasks
    pool.join()  # waits for the workers to exit
    print('close() and join(): the workers have exited')
    mark('joined', name='pool')

    doomed = mp.Pool(processes=2)
    workers = [p.pid for p in mp.active_children()]
    mark('pool', name='doomed', workers=workers)
    doomed.apply_async(work, ('terminated', 1, 60))  # a minute's work
    pause(3)
    doomed.terminate()  # stops the workers now; the task never finishes
    print('terminate(): the workers were stopped mid-task')
    mark('terminated', name='doomed')


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
