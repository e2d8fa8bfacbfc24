"""Lesson 7: zombies.

A child that has exited stays in the process table as a zombie (state Z) until its parent
waits for it: join() does. A parent that never waits keeps its zombie until the parent itself
dies; then init (or a subreaper) adopts the zombie and reaps it.

Careful: starting a new Process also reaps finished children, so while the zombie is on
screen this lesson starts nothing else.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def quick():
    print(f'  child {os.getpid()}: done, exiting')


def parent_that_never_waits():
    child = mp.Process(target=quick)
    child.start()
    mark('zombie', scene='never-waits', child=child.pid)
    print(f'scene 2: parent {os.getpid()} is busy and never waits for {child.pid}')
    pause(60)


def main():
    child = mp.Process(target=quick)
    child.start()
    mark('zombie', scene='waits-late', child=child.pid)
    print(f'scene 1: {child.pid} will be a zombie until I join() it')
    pause(3)
    child.join()  # waits for the child: the zombie is reaped
    print('scene 1: joined; the zombie is gone')
    pause(1)

    parent = mp.Process(target=parent_that_never_waits)
    parent.start()
    pause(3)
    parent.terminate()  # its zombie child goes to init (or a subreaper), which reaps it
    parent.join()
    print('scene 2: the parent is gone, and with it the zombie')
    pause(1)


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
