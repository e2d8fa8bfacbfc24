"""Lesson 4: a process class of your own.

Subclass Process and override run(): start() creates the new process, and run() is what it
does there. Calling run() yourself runs it in this process, like any method. A subclass whose
__init__ does not call the parent's __init__ is broken: start() fails, and no process starts.
"""
import multiprocessing as mp
import os
import sys

from _lesson import mark, pause


class Greeter(mp.Process):
    def __init__(self, greeting):
        super().__init__()  # sets up what start() needs
        self.greeting = greeting

    def run(self):
        print(f'{self.greeting} from pid {os.getpid()}')
        mark('run', greeting=self.greeting)
        pause(3)  # stay a moment, so you can see the process


class Broken(mp.Process):
    def __init__(self, greeting):
        self.greeting = greeting  # forgot super().__init__()

    def run(self):
        print(self.greeting)


def main():
    print(f'main process: pid {os.getpid()}')
    greeter = Greeter('hello')
    greeter.start()  # a new process runs greeter.run()
    greeter.join()

    Greeter('run() called directly').run()  # no new process: runs here, in the main process

    try:
        Broken('never printed').start()
    except (AttributeError, AssertionError) as error:
        print(f'Broken.start() raised {type(error).__name__}: {error}')
        mark('start-failed', error=type(error).__name__)


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
