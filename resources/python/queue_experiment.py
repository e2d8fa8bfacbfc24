"""Forkscope's python queue engine: producers and consumers on multiprocessing.Queue (or
JoinableQueue), written the way the lessons write them, and counted so Forkscope can chart them.

Reads the experiment from FORKSCOPE_QUEUE (JSON: {"experiment": {...}}); prints JSON lines on
stdout: {"type": "metrics", ...} ten times a second, then {"type": "final", "reports": [...]}
in the same shape as the node engine's broker.
"""
import json
import multiprocessing as mp
import os
import queue as queue_module
import random
import sys
import threading
import time

MASK = (1 << 64) - 1


def mix64(producer, seq):
    """A 64-bit hash of (producer, seq): splitmix64's finaliser."""
    z = ((producer << 32) | seq) + 0x9E3779B97F4A7C15 & MASK
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK
    return z ^ (z >> 31)


def producer(ident, total, cfg, q, counters, results):
    puts, _, _, blocked, _ = counters
    body = bytes([ident & 0xFF]) * cfg['size']
    count, total_sum, blocked_ms, raised_full = 0, 0, 0.0, False
    started = time.monotonic()
    timeout = cfg['timeoutMs'] / 1000 if cfg['timeoutMs'] is not None else None
    deadline = started + cfg['duration'] if cfg.get('duration') else None
    seq = -1
    while True:
        seq += 1
        # With a duration, a producer puts until time is up; otherwise its share of messages.
        if (deadline is not None and time.monotonic() >= deadline) or (deadline is None and seq >= total):
            break
        if cfg['rate'] > 0:
            due = started + seq / cfg['rate']
            if due > time.monotonic():
                time.sleep(due - time.monotonic())
        message = (ident, seq, time.time() * 1000, body)
        try:
            q.put_nowait(message)
        except queue_module.Full:
            with blocked.get_lock():
                blocked.value += 1
            began = time.monotonic()
            try:
                q.put(message, timeout=timeout)
            except queue_module.Full:
                raised_full = True
            finally:
                blocked_ms += (time.monotonic() - began) * 1000
                with blocked.get_lock():
                    blocked.value -= 1
            if raised_full:
                break
        with puts.get_lock():
            puts.value += 1
        count += 1
        total_sum = (total_sum + mix64(ident, seq)) & MASK
    results.put({'role': 'producer', 'id': ident, 'count': count, 'sum': str(total_sum), 'blockedMs': blocked_ms, 'raisedFull': raised_full})


def consumer(ident, cfg, q, counters, results, joinable, live_latency):
    _, gets, task_done, _, waiting = counters
    window, window_started = [], time.monotonic()
    count, total_sum, seen, latencies = 0, 0, 0, []
    # Test-only fault (FORKSCOPE_QUEUE_FAULTS=drop-and-duplicate): consumer 0 drops its first
    # message and counts its second twice, so the counts agree and only the hashes can tell.
    faults_left = 2 if os.environ.get('FORKSCOPE_QUEUE_FAULTS') == 'drop-and-duplicate' and ident == 0 else 0
    while True:
        with waiting.get_lock():
            waiting.value += 1
        item = q.get()
        with waiting.get_lock():
            waiting.value -= 1
        if item is None:
            if joinable:
                q.task_done()
            break
        with gets.get_lock():
            gets.value += 1
        producer_id, seq, sent_at, _ = item
        if cfg['workMs'] > 0:
            time.sleep(cfg['workMs'] / 1000)
        times = 1
        if faults_left:
            times = 0 if faults_left == 2 else 2
            faults_left -= 1
        count += times
        total_sum = (total_sum + times * mix64(producer_id, seq)) & MASK
        seen += 1
        latency = time.time() * 1000 - sent_at
        # p50/p99 of each tenth of a second, for the live chart (slot 2i, 2i+1 of a shared array).
        if len(window) < 512:
            window.append(latency)
        if time.monotonic() - window_started >= 0.1:
            window.sort()
            with live_latency.get_lock():
                live_latency[2 * ident] = window[len(window) // 2]
                live_latency[2 * ident + 1] = window[min(len(window) - 1, len(window) * 99 // 100)]
            window, window_started = [], time.monotonic()
        if len(latencies) < 2000:
            latencies.append(latency)
        else:
            slot = random.randrange(seen)
            if slot < 2000:
                latencies[slot] = latency
        if joinable:
            q.task_done()
            with task_done.get_lock():
                task_done.value += 1
    results.put({'role': 'consumer', 'id': ident, 'count': count, 'sum': str(total_sum), 'latencies': latencies})


def main():
    cfg = json.loads(os.environ['FORKSCOPE_QUEUE'])['experiment']
    if 'fork' in mp.get_all_start_methods():
        # From Python 3.14 the default on Linux is forkserver, which changes who the parent is.
        mp.set_start_method('fork')
    joinable = cfg['termination'] == 'joinable'
    q = mp.JoinableQueue(cfg['capacity']) if joinable else mp.Queue(cfg['capacity'])
    results = mp.Queue()
    counters = tuple(mp.Value('q', 0) for _ in range(5))
    puts, gets, task_done, blocked, waiting = counters
    live_latency = mp.Array('d', [-1.0] * (2 * cfg['consumers']))
    started = time.monotonic()
    stop = threading.Event()

    def latest_latency():
        with live_latency.get_lock():
            figures = list(live_latency)
        p50s = [v for v in figures[0::2] if v >= 0]
        p99s = [v for v in figures[1::2] if v >= 0]
        return {'p50LatencyMs': max(p50s) if p50s else None, 'p99LatencyMs': max(p99s) if p99s else None}

    def report():
        while True:
            print(json.dumps({'type': 'metrics', 't': time.time() * 1000, 'puts': puts.value, 'gets': gets.value,
                              'depth': max(0, puts.value - gets.value), 'inFlight': 0, 'taskDone': task_done.value,
                              'blockedProducers': blocked.value, 'waitingConsumers': waiting.value,
                              **latest_latency()}), flush=True)
            # Once stopped, the figures above were the last: the chart ends where the run did.
            if stop.is_set():
                return
            stop.wait(0.1)

    reporter = threading.Thread(target=report, daemon=True)
    reporter.start()
    n = cfg['messages']
    producers = [mp.Process(target=producer, args=(i, n // cfg['producers'] + (1 if i < n % cfg['producers'] else 0), cfg, q, counters, results))
                 for i in range(cfg['producers'])]
    consumers = [mp.Process(target=consumer, args=(i, cfg, q, counters, results, joinable, live_latency), daemon=joinable)
                 for i in range(cfg['consumers'])]
    for p in consumers + producers:
        p.start()
    reports = [results.get() for _ in producers]
    for p in producers:
        p.join()
    if joinable:
        q.join()
    for _ in consumers:
        q.put(None)  # one sentinel per consumer
    reports += [results.get() for _ in consumers]
    for c in consumers:
        c.join()
    stop.set()
    reporter.join()
    print(json.dumps({'type': 'final', 'seconds': time.monotonic() - started, 'gets': gets.value, 'reports': reports}), flush=True)


if __name__ == '__main__':
    sys.exit(main())
