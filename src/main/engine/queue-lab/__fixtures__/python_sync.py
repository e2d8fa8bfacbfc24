"""Two processes contending on one Lock, an Event, a Barrier, a Semaphore and a duplex Pipe, as
a user would write them. argv[1]: the start method."""
import multiprocessing as mp
import sys
import time


def hold(lock, holding):
    with lock:
        holding.set()
        time.sleep(0.2)


def meet(barrier, semaphore):
    barrier.wait()
    with semaphore:
        pass


def echo(connection, count):
    for _ in range(count):
        connection.send(connection.recv() * 2)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    lock = mp.Lock()
    holding = mp.Event()
    holder = mp.Process(target=hold, args=(lock, holding))
    holder.start()
    holding.wait()
    with lock:  # waits for the holder's 0.2 s
        print('acquired after the holder')
    holder.join()

    barrier = mp.Barrier(2)
    semaphore = mp.Semaphore(1)
    other = mp.Process(target=meet, args=(barrier, semaphore))
    other.start()
    meet(barrier, semaphore)
    other.join()

    ours, theirs = mp.Pipe()
    echoer = mp.Process(target=echo, args=(theirs, 100))
    echoer.start()
    total = 0
    for n in range(100):
        ours.send(n)
        total += ours.recv()
    echoer.join()
    print('echoed:', total)
