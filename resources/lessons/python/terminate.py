"""Lesson 6: terminate() and is_alive().

terminate() sends SIGTERM and returns at once; it does not wait. Right after it, is_alive()
may still say True for a moment, until the signal has done its work. After join(), the child
is gone for sure, and its exit code is minus the signal's number.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def worker():
    print(f'worker {os.getpid()}: working for a minute')
    pause(60)


def main():
    p = mp.Process(target=worker)
    p.start()
    pause(3)
    p.terminate()
    right_after = p.is_alive()
    print(f'right after terminate(): is_alive() = {right_after}')
    mark('is-alive', when='right after terminate()', value=right_after)
    p.join()
    print(f'after join(): is_alive() = {p.is_alive()}, exitcode = {p.exitcode}')
    mark('is-alive', when='after join()', value=p.is_alive(), exitcode=p.exitcode)


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
