"""A Manager's dict and Queue shared with workers, and a SimpleQueue, as a user would write them.
argv[1]: the start method."""
import multiprocessing as mp
import sys


def tally(shared, results, jobs, n):
    for k in range(n):
        shared['w%d-%d' % (n, k)] = k * k
    results.put(sum(k * k for k in range(n)))
    while True:
        item = jobs.get()
        if item is None:
            break
        results.put(item * 10)


def echo(inbox, outbox):
    for _ in range(20):
        outbox.put(inbox.get() + 1)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    with mp.Manager() as manager:
        shared = manager.dict()
        jobs = manager.Queue(5)
        results = mp.Queue()
        workers = [mp.Process(target=tally, args=(shared, results, jobs, n)) for n in (3, 4)]
        for w in workers:
            w.start()
        for item in range(6):
            jobs.put(item)
        for _ in workers:
            jobs.put(None)
        got = sorted(results.get() for _ in range(8))
        for w in workers:
            w.join()
        print('dict:', sorted(shared.items()))
        print('results:', got)

    inbox, outbox = mp.SimpleQueue(), mp.SimpleQueue()
    echoer = mp.Process(target=echo, args=(inbox, outbox))
    echoer.start()
    total = 0
    for n in range(20):
        inbox.put(n)
        total += outbox.get()
    echoer.join()
    print('echoed:', total, outbox.empty())
