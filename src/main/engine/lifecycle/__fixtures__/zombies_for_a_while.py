# Forks 20 children that exit at once and leaves them zombies for a second (several sampler ticks), then reaps them.
import os
import time

children = []
for _ in range(20):
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    children.append(pid)
print(' '.join(map(str, children)), flush=True)
time.sleep(1)
for pid in children:
    os.waitpid(pid, 0)
time.sleep(0.3)
