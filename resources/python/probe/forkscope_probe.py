"""Forkscope's Python probe: what multiprocessing does in a program (its processes, queues, pools,
locks, pipes and managers), counted into one memory-mapped file per process for
Forkscope to read, without changing what the program does or prints."""
import os
import sys

import forkscope_probe_file as probe_file


def install():
    """Called by the probe's sitecustomize when Forkscope set FORKSCOPE_QUEUES_DIR."""
    if probe_file.folder is not None:
        return
    if getattr(sys, '_is_gil_enabled', lambda: True)() is False:
        # Counting relies on the GIL making each step atomic; a free-threaded build is out of scope.
        # Said with a file, not on stderr: the program's output stays its own.
        open(os.path.join(os.environ['FORKSCOPE_QUEUES_DIR'], '%d.free-threaded' % os.getpid()), 'w').close()
        return
    probe_file.folder = os.environ['FORKSCOPE_QUEUES_DIR']
    if hasattr(os, 'register_at_fork'):  # first, so a child's other hooks already see its own file
        os.register_at_fork(after_in_child=probe_file.after_fork_in_child)
    import importlib
    for part in ('forkscope_queues', 'forkscope_processes', 'forkscope_pools', 'forkscope_locks', 'forkscope_pipes', 'forkscope_managers'):
        try:
            importlib.import_module(part).install()
        except Exception:  # a platform without some of multiprocessing: count the rest
            if part in ('forkscope_queues', 'forkscope_processes'):
                raise
