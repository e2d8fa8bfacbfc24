"""Lesson 3: join() inside the loop or after it.

Three tasks sleep 1, 2 and 3 seconds. Joined inside the loop, each task must end before the
next one starts: about 6 seconds. Started together and joined afterwards, they run at the
same time: about 3 seconds, as long as the longest.
"""
import multiprocessing as mp
import os
import sys
import time

from _lesson import TIME_SCALE, mark, pause


def task(way, seconds):
    print(f'{way}: task {seconds} (pid {os.getpid()}) sleeps {seconds} s')
    mark('task', way=way, seconds=seconds)
    pause(seconds)


def one_by_one():
    for seconds in (1, 2, 3):
        p = mp.Process(target=task, args=('one-by-one', seconds))
        p.start()
        p.join()  # waits here, so the next task starts only after this one has ended


def together():
    tasks = [mp.Process(target=task, args=('together', seconds)) for seconds in (1, 2, 3)]
    for p in tasks:
        p.start()
    for p in tasks:
        p.join()  # all three are already running


def main():
    for way in (one_by_one, together):
        began = time.monotonic()
        way()
        print(f'{way.__name__}: {(time.monotonic() - began) / TIME_SCALE:.1f} s')


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
