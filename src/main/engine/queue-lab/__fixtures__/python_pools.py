"""A Pool that replaces its workers after every task and whose tasks sometimes raise, and a
ProcessPoolExecutor, as a user would write them. argv[1]: the start method."""
import multiprocessing as mp
import sys
from concurrent.futures import ProcessPoolExecutor


def check(n):
    if n % 4 == 1:
        raise ValueError(n)
    if n == 6:
        raise KeyError(n)
    return n


def plus_one(n):
    return n + 1


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    with mp.Pool(2, maxtasksperchild=1) as pool:
        outcomes = []
        for pending in [pool.apply_async(check, (n,)) for n in range(8)]:
            try:
                outcomes.append(pending.get())
            except Exception as error:
                outcomes.append(type(error).__name__)
        print(outcomes)
    with mp.Pool(2) as pool:
        print(sum(pool.map(plus_one, range(1000), chunksize=100)))
        print(sum(pool.imap(plus_one, range(10))))
    with ProcessPoolExecutor(2) as executor:
        print(sum(executor.map(plus_one, range(50), chunksize=10)))
        print(executor.submit(plus_one, 1).result())
