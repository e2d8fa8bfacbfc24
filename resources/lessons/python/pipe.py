"""Lesson 12: pipes.

A pipe has two ends: one to send, one to receive. After a fork both processes hold both
ends, so each closes the end it does not use. The reader learns that no more is coming
(EOFError) only when every copy of the sending end is closed: forget the parent's close()
and recv() waits forever.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


def writer(send_end):
    for n in range(3):
        send_end.send(f'message {n}')
        mark('sent', message=n)
        pause(1)
    send_end.close()


def main():
    receive_end, send_end = mp.Pipe(duplex=False)
    w = mp.Process(target=writer, args=(send_end,))
    w.start()
    send_end.close()  # the parent only reads: close the end it does not use
    received = 0
    while True:
        try:
            message = receive_end.recv()
        except EOFError:
            print(f'reader {os.getpid()}: EOF after {received} messages')
            mark('eof', received=received)
            break
        received += 1
        print(f'reader {os.getpid()}: {message}')
    w.join()


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
