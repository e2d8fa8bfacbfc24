"""Lesson 8: orphans.

When a parent exits before its child, the child keeps running: it is re-parented to init
(or to the nearest subreaper), and os.getppid() says so. multiprocessing normally joins
non-daemon children at exit, so this parent leaves with os._exit() to skip that.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def child(ready):
    print(f'child {os.getpid()}: my parent is {os.getppid()}')
    mark('parent', when='before', ppid=os.getppid())
    ready.set()
    pause(6)  # meanwhile the parent exits
    print(f'child {os.getpid()}: my parent is now {os.getppid()}')
    mark('parent', when='after', ppid=os.getppid())


def main():
    ready = mp.Event()
    c = mp.Process(target=child, args=(ready,))
    c.start()
    ready.wait()  # until the child has seen its first parent
    pause(3)
    print(f'parent {os.getpid()}: exiting without waiting for my child', flush=True)
    os._exit(0)  # a normal exit would join the child first


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
