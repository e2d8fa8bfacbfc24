"""Loaded by Python at start-up because Forkscope put this folder first on PYTHONPATH.

When Forkscope asked for it (FORKSCOPE_QUEUES_DIR is set), it instruments multiprocessing
(forkscope_probe.py); then it runs the sitecustomize this file hides (Debian ships one), so the program
starts exactly as it would have without Forkscope.
"""
import os
import sys


def _run_hidden_sitecustomize():
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules['sitecustomize'] = module
    spec.loader.exec_module(module)


if os.environ.get('FORKSCOPE_QUEUES_DIR'):
    try:
        import forkscope_probe
        forkscope_probe.install()
    except Exception as error:  # the program must run even if the probe cannot
        sys.stderr.write('forkscope: python probe disabled: %s\n' % error)

_run_hidden_sitecustomize()
