#!/usr/bin/env python3
"""Run a command as a child subreaper's child, reaping every orphan it adopts.

pid 1 on some machines (containers, CI sandboxes) never reaps the children it adopts,
so an orphan that exits would stay a zombie forever. Node cannot call prctl, so the
test suite runs its runners under this wrapper. It exports FORKSCOPE_REAPER_PIDS so the
engine treats this process like init when it classifies orphans.

usage: subreaper.py -- COMMAND [ARGS...]
"""
import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def main(argv):
    if argv[:1] == ['--']:
        argv = argv[1:]
    if not argv:
        sys.stderr.write('subreaper.py: usage: subreaper.py -- COMMAND [ARGS...]\n')
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.stderr.write('subreaper.py: prctl(PR_SET_CHILD_SUBREAPER) failed: errno %d\n' % ctypes.get_errno())
        return 2
    env = dict(os.environ)
    reapers = [p for p in env.get('FORKSCOPE_REAPER_PIDS', '').split(',') if p]
    env['FORKSCOPE_REAPER_PIDS'] = ','.join(reapers + [str(os.getpid())])
    child = os.fork()
    if child == 0:
        try:
            os.execvpe(argv[0], argv, env)
        except OSError as error:
            sys.stderr.write('subreaper.py: cannot run %s: %s\n' % (argv[0], error))
            os._exit(127)

    def forward(signum, _frame):
        try:
            os.kill(child, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)

    # Reap everything until the main child is gone; what it left running is the leak
    # check's business, so do not wait for it.
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 1
        except InterruptedError:
            continue
        if pid == child:
            while True:
                try:
                    other, _ = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if other == 0:
                    break
            if os.WIFSIGNALED(status):
                return 128 + os.WTERMSIG(status)
            return os.WEXITSTATUS(status)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
