"""Lesson 2: start order is not code order.

The loop starts ten children one after another, but when each one runs is up to the
scheduler: their lines come out in an order nobody chose, and the parent's next line
usually comes first, because start() returns without waiting for the child.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def child(number):
    print(f'child {number} runs (pid {os.getpid()})')
    mark('ran', number=number)
    pause(3)  # stay a moment, so you can see all ten


def main():
    children = []
    for number in range(10):
        p = mp.Process(target=child, args=(number,))
        p.start()
        children.append(p)
    print('parent: I started all ten')
    mark('after-loop')
    for p in children:
        p.join()


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
