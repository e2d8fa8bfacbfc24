"""A small multiprocessing program with two queues, as a user would write it: the probe must
count both and leave its output exactly as it is. argv[1]: the start method."""
import builtins
import multiprocessing as mp
import sys


def worker(jobs, results):
    while True:
        n = jobs.get()
        results.put(n * n)
        jobs.task_done()


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    jobs = mp.JoinableQueue(4)
    results = mp.Queue()
    workers = [mp.Process(target=worker, args=(jobs, results), daemon=True) for _ in range(2)]
    for w in workers:
        w.start()
    for n in range(20):
        jobs.put(n)
    jobs.join()
    squares = sorted(results.get() for _ in range(20))
    print('squares:', squares)
    print('sum:', sum(squares))
    # Set by the test's own sitecustomize, which the probe's must not hide.
    print('user sitecustomize:', getattr(builtins, 'USER_SITE_LOADED', False))
