# A parent that ends two children, reaps the first at once and the second only 150 ms later (a zombie across a read
# of the event socket), then exits at once: as multiprocessing's exit handler does with slow daemon workers.
import os
import signal
import sys
import time

children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    children.append(pid)
print(' '.join(map(str, children)), flush=True)
time.sleep(0.3)  # both children are in the table
for pid in children:
    os.kill(pid, signal.SIGTERM)
os.waitpid(children[0], 0)
time.sleep(0.15)
os.waitpid(children[1], 0)
sys.exit(0)
