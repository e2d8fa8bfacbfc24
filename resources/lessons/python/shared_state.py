"""Lesson 14: sharing state between processes.

Processes share nothing by default. Value and Array live in shared memory: every process sees
the same numbers (and `+=` still needs the lock, since it reads then writes). A Manager runs a
server process that holds ordinary Python objects, like a dict, for all the others.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def add(counter, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1
    pause(3)  # stay a moment, so you can see the process


def square(numbers, i):
    numbers[i] = numbers[i] ** 2
    pause(3)


def sign_in(visitors, name):
    visitors[name] = os.getpid()
    pause(3)


def run_all(processes):
    for p in processes:
        p.start()
    for p in processes:
        p.join()


def main():
    counter = mp.Value('i', 0)
    run_all([mp.Process(target=add, args=(counter, 1000)) for _ in range(4)])
    print(f'Value: four processes added 1000 each: {counter.value}')
    mark('value', value=counter.value)

    numbers = mp.Array('i', range(5))
    run_all([mp.Process(target=square, args=(numbers, i)) for i in range(5)])
    print(f'Array: each process squared one slot: {list(numbers)}')
    mark('array', value=list(numbers))

    with mp.Manager() as manager:
        server = mp.active_children()[0]  # the manager's server is our only child now
        print(f'Manager: its server is process {server.pid}')
        mark('manager', server=server.pid)
        visitors = manager.dict()
        run_all([mp.Process(target=sign_in, args=(visitors, f'visitor {n}')) for n in range(3)])
        print(f'Manager().dict(): {dict(visitors)}')
        mark('dict', value=dict(visitors))


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
