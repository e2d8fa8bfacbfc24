"""A program that runs for a while with a Manager's dict and Queue and a SimpleQueue between its
processes, for the Program view to draw while it runs. argv[1]: the start method."""
import multiprocessing as mp
import sys
import time


def count(shared, jobs, done):
    while True:
        n = jobs.get()
        if n is None:
            return
        shared[n % 10] = shared.get(n % 10, 0) + 1
        done.put(n)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    with mp.Manager() as manager:
        shared = manager.dict()
        jobs = manager.Queue(10)
        done = mp.SimpleQueue()
        counter = mp.Process(target=count, args=(shared, jobs, done), name='counter')
        counter.start()
        for n in range(400):  # long enough for a loaded machine's browser to look; the test's server ends it
            jobs.put(n)
            done.get()
            time.sleep(0.1)
        jobs.put(None)
        counter.join()
        print('counted', sum(shared.values()))
