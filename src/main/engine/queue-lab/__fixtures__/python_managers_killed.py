"""A child that calls a Manager's dict and puts on a SimpleQueue, then is killed by SIGKILL before
it can exit: its counts must survive. argv[1]: the start method."""
import multiprocessing as mp
import os
import signal
import sys


def doomed(shared, out):
    for n in range(25):
        shared[n] = n
    for n in range(7):
        out.put(n)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    with mp.Manager() as manager:
        shared = manager.dict()
        out = mp.SimpleQueue()
        child = mp.Process(target=doomed, args=(shared, out), name='doomed')
        child.start()
        child.join()
        print('exitcode', child.exitcode, 'entries', len(shared), 'items', [out.get() for _ in range(7)])
