# Children of multiprocessing that end in four ways: sys.exit(N), a normal return, an uncaught
# exception, and terminate() (SIGTERM). Plain fork, no queues: no threads, so every task strace
# reports is a process.
import multiprocessing as mp
import sys
import time


def exits_with(code):
    sys.exit(code)


def returns():
    return None


def raises():
    raise RuntimeError("uncaught on purpose")


def sleeps():
    time.sleep(30)


if __name__ == "__main__":
    ctx = mp.get_context("fork")
    children = [ctx.Process(target=exits_with, args=(3,)), ctx.Process(target=returns), ctx.Process(target=raises), ctx.Process(target=sleeps)]
    for child in children:
        child.start()
    time.sleep(0.3)
    children[3].terminate()
    for child in children:
        child.join()
    print(" ".join(str(child.exitcode) for child in children))
