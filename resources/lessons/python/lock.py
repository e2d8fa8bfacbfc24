"""Lesson 13: a lock around read-then-write.

There is one ticket left. Ten buyers each read the count, think for a moment, and then write
the count minus one. Without a lock, several read "1" before anyone writes "0", and several
believe they bought the last ticket. With a lock around the read and the write, one buyer at
a time does both: exactly one gets the ticket.
"""
import multiprocessing as mp
import os
import sys
import tempfile

from _lesson import mark, pause


def try_to_buy(path, buyer, way):
    with open(path) as f:
        left = int(f.read())
    pause(1)  # think it over; others read the same count meanwhile
    if left > 0:
        with open(path, 'w') as f:
            f.write(str(left - 1))
        print(f'{way}: buyer {buyer} (pid {os.getpid()}) bought the last ticket!')
        mark('bought', way=way, buyer=buyer)
    else:
        print(f'{way}: buyer {buyer}: sold out')


def buyer(path, number, lock):
    if lock is None:
        try_to_buy(path, number, 'without a lock')
    else:
        with lock:  # one buyer at a time from the read to the write
            try_to_buy(path, number, 'with a lock')
    pause(2)  # stay a moment, so you can see every buyer


def sell_last_ticket(lock):
    fd, path = tempfile.mkstemp(prefix='tickets-')
    with os.fdopen(fd, 'w') as f:
        f.write('1')
    buyers = [mp.Process(target=buyer, args=(path, n, lock)) for n in range(10)]
    for b in buyers:
        b.start()
    for b in buyers:
        b.join()
    os.remove(path)


def main():
    sell_last_ticket(lock=None)
    sell_last_ticket(lock=mp.Lock())


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
