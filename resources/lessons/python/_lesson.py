"""What every lesson shares: pauses that can be sped up, and marks for Forkscope's checks.

Forkscope checks a lesson against what it saw of the processes themselves. A few facts only
the program knows (the value of a variable, which exception was raised); `mark` appends those
as JSON lines to the file named by FORKSCOPE_LESSON_MARKS. Nothing is checked from what the
lesson prints: that is for you to read.
"""
import json
import os
import time

TIME_SCALE = float(os.environ.get('FORKSCOPE_TIME_SCALE') or 1)


def scaled(seconds):
    """`seconds` times FORKSCOPE_TIME_SCALE (1 normally; the tests run lessons ten times faster)."""
    return seconds * TIME_SCALE


def pause(seconds):
    time.sleep(scaled(seconds))


def mark(kind, **facts):
    """Tell Forkscope a fact only this program knows; does nothing outside Forkscope."""
    path = os.environ.get('FORKSCOPE_LESSON_MARKS')
    if not path:
        return
    record = dict(facts, kind=kind, t=time.time() * 1000, pid=os.getpid(), ppid=os.getppid())
    # One write of one line with O_APPEND: marks from many processes never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(record) + '\n').encode())
    finally:
        os.close(fd)
