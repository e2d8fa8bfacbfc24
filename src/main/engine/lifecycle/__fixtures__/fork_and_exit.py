# A parent that forks and exits at once; its child outlives it, then exits with code 3.
import os
import time

if os.fork() == 0:
    time.sleep(0.4)
    os._exit(3)
os._exit(0)
