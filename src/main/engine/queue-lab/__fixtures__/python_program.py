"""A program with a Pool, a Lock, a Queue and a Process, as a user would write one: what
`forkscope run --python --json` prints of it is checked whole. argv[1]: the start method."""
import multiprocessing as mp
import sys


def square(n):
    return n * n


def count(lock, total, results):
    for _ in range(50):
        with lock:
            total.value += 1
    results.put(total.value)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    lock = mp.Lock()
    results = mp.Queue()
    total = mp.Value('i', 0, lock=False)
    counters = [mp.Process(target=count, args=(lock, total, results), name='counter-%d' % n) for n in range(2)]
    for counter in counters:
        counter.start()
    with mp.Pool(2) as pool:
        print('squares:', sum(pool.map(square, range(100), chunksize=10)))
    print('counted:', max(results.get() for _ in counters))
    for counter in counters:
        counter.join()
