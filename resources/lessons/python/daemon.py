"""Lesson 5: daemon processes.

A daemon child is ended by multiprocessing when its parent's code ends: the parent's exit
handler terminates it. The flag must be set before start(). And when the parent is killed with
SIGKILL, no exit handler runs: the daemon child survives, adopted by init (or a subreaper),
and someone has to clean it up by hand. Each scene runs in a process of its own, so you can
watch that process end.
"""
import multiprocessing as mp
import os
import signal
import sys

from _lesson import mark, pause


def heartbeat():
    while True:
        print(f'  heartbeat from daemon {os.getpid()} (parent {os.getppid()})')
        pause(0.5)


def parent_whose_code_ends():
    beat = mp.Process(target=heartbeat, daemon=True)
    beat.start()
    mark('heartbeat', scene='code-ends', daemon=beat.pid)
    pause(3)
    print('scene 1: my code ends here, so my daemon child is terminated')


def parent_killed_by_sigkill(report):
    beat = mp.Process(target=heartbeat, daemon=True)
    beat.start()
    mark('heartbeat', scene='sigkill', daemon=beat.pid)
    report.send(beat.pid)
    pause(3)
    print('scene 3: killing myself with SIGKILL; no exit handler will run')
    os.kill(os.getpid(), signal.SIGKILL)


def main():
    print('scene 1: a daemon child ends when its parent\'s code ends')
    scene = mp.Process(target=parent_whose_code_ends)
    scene.start()
    scene.join()

    print('scene 2: daemon must be set before start()')
    p = mp.Process(target=pause, args=(1,))
    p.start()
    try:
        p.daemon = True
    except AssertionError as error:
        print(f'scene 2: AssertionError: {error}')
        mark('daemon-after-start', error='AssertionError')
    p.join()

    print('scene 3: a parent killed with SIGKILL leaves its daemon child running')
    receive, send = mp.Pipe(duplex=False)
    scene = mp.Process(target=parent_killed_by_sigkill, args=(send,))
    scene.start()
    survivor = receive.recv()
    scene.join()
    print(f'scene 3: the parent ended with exit code {scene.exitcode}; daemon {survivor} is still beating')
    mark('survivor', daemon=survivor, parent_exitcode=scene.exitcode)
    pause(3)  # watch it: adopted by another parent, still running
    os.kill(survivor, signal.SIGTERM)  # nobody else will end it
    print(f'scene 3: ended the survivor {survivor} by hand')


if __name__ == '__main__':
    if sys.platform == 'linux':
        mp.set_start_method('fork')  # Python 3.14 defaults to forkserver, which would be the parent
    main()
