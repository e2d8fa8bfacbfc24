"""Children that end every way a multiprocessing child can, as a user would write them: the probe
must name each, its target and its exit code as multiprocessing reports it, and leave the
program's output exactly as it is. argv[1]: the start method."""
import multiprocessing as mp
import sys
import time


def returns():
    pass


def exits(code):
    sys.exit(code)


def raises():
    raise RuntimeError('a child that raised')


def sleeps():
    time.sleep(60)


class Subclassed(mp.Process):
    def run(self):
        time.sleep(0.01)


if __name__ == '__main__':
    mp.set_start_method(sys.argv[1])
    children = [
        mp.Process(target=returns, name='returns'),
        mp.Process(target=exits, args=(4,), name='exits'),
        mp.Process(target=raises, name='raises'),
        mp.Process(target=sleeps, name='terminated', daemon=True),
        mp.Process(target=sleeps, name='killed', daemon=True),
        Subclassed(name='subclassed'),
    ]
    for child in children:
        child.start()
    for child in children[:3] + children[5:]:
        child.join()
    children[3].terminate()
    children[4].kill()
    for child in children[3:5]:
        child.join()
    for child in children:
        print(child.name, child.exitcode)
