"""A program that runs for a few seconds with a Pool, a Lock, a Queue and a Pipe between its
processes, for the Program view to draw while it runs. argv[1]: the start method."""
import multiprocessing as mp
import sys
import time


def produce(jobs, lock, tally):
    for n in range(400):  # long enough for a loaded machine's browser to look; the test's server ends it
        with lock:
            time.sleep(0.01)
        jobs.put(n)
        time.sleep(0.1)
    jobs.put(None)


def square(n):
    time.sleep(0.02)
    return n * n


def echo(connection):
    while True:
        message = connection.recv()
        if message is None:
            return
        connection.send(message)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    jobs = mp.Queue()
    lock = mp.Lock()
    ours, theirs = mp.Pipe()
    producer = mp.Process(target=produce, args=(jobs, lock, None), name='producer')
    echoer = mp.Process(target=echo, args=(theirs,), name='echoer', daemon=True)
    producer.start()
    echoer.start()
    total = 0
    with mp.Pool(2) as pool:
        while True:
            n = jobs.get()
            if n is None:
                break
            with lock:
                ours.send(n)
                ours.recv()
            total += sum(pool.map(square, range(n % 5 + 1)))
    ours.send(None)
    producer.join()
    echoer.join()
    print('total', total)
