"""Names for what a program makes: the `file:line` of the program's own code that made it (the
first frame outside multiprocessing, concurrent.futures and the probe), `#n` from the second
thing one line makes in a process, and targets as `module.function` with their `file:line`."""
import os
import sys

import multiprocessing

import forkscope_probe_file as probe_file

library_dirs = set()
_counts = {}  # 'file:line' -> how many objects that line made in this process


def skip_folder_of(module_file):
    """Frames in this file's folder are the library's, not the program's."""
    library_dirs.add(os.path.dirname(os.path.abspath(module_file)))


skip_folder_of(__file__)
skip_folder_of(multiprocessing.__file__)
# Not imported here (a program that never uses it should not pay for it), only named.
skip_folder_of(os.path.join(os.path.dirname(os.path.abspath(os.__file__)), 'concurrent', 'futures', 'process.py'))


def shown_path(filename):
    try:
        shown = os.path.relpath(filename)
    except ValueError:  # another drive, on Windows
        shown = filename
    return filename if shown.startswith('..') else shown


def creation_site(depth=2):
    """`file:line` of the first frame of the program's own code, from `depth` frames up."""
    frame = sys._getframe(depth)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if os.path.dirname(filename) not in library_dirs:
            return '%s:%d' % (shown_path(filename), frame.f_lineno)
        frame = frame.f_back
    return '<unknown>:0'


def new_id(site):
    with probe_file.lock():
        n = _counts[site] = _counts.get(site, 0) + 1
    return site if n == 1 else '%s#%d' % (site, n)


def describe_function(function):
    """('module.function', 'file:line') of a callable, or ('', '') when it has no code."""
    if function is None:
        return ('', '')
    inner = getattr(function, 'func', None)  # functools.partial
    if inner is not None and not hasattr(function, '__code__'):
        return describe_function(inner)
    module = getattr(function, '__module__', None) or ''
    name = getattr(function, '__qualname__', None) or getattr(function, '__name__', None) or type(function).__name__
    code = getattr(function, '__code__', None) or getattr(getattr(function, '__func__', None), '__code__', None)
    site = '%s:%d' % (shown_path(os.path.abspath(code.co_filename)), code.co_firstlineno) if code is not None else ''
    return ('%s.%s' % (module, name) if module else name, site)
