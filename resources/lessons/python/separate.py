"""Lesson 1: processes are separate.

Each process has its own pid and its own copy of every variable. The child changes the
global `counter`; the parent's copy stays as it was.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause

counter = 0


def child():
    global counter
    counter += 100  # changes the child's copy only
    print(f'child : pid {os.getpid()}, parent {os.getppid()}, counter = {counter}')
    mark('counter', value=counter)
    pause(3)  # stay a moment, so you can see both processes


def main():
    print(f'parent: pid {os.getpid()}, parent {os.getppid()}, counter = {counter}')
    p = mp.Process(target=child)
    p.start()
    p.join()
    print(f'parent: the child has ended; counter here is still {counter}')
    mark('counter', value=counter)


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
