#!/usr/bin/env python3
"""numpy float32 doing brainlab's benchmark work, printed as JSON on stdout.

The step: one SGD step of 784-120-10, batch 100, sigmoid, squared error summed over the batch,
raw pixels 0..255, learning rate 5e-6 (the coursework convention). The evaluation: loss and
accuracy on the 10,000 test images. The sweep: Figure 2's four runs (hidden 15, 30, 60, 120),
10,000 steps each with an evaluation every 100 steps, one after another in this process.

    python3 bench/numpy_bench.py DATA_DIR [--short] [--sweep]

DATA_DIR holds the gzipped IDX files (build/site/data). Rows are timed with BLAS's default
threads and, when threadpoolctl is installed, with one thread too.
"""
import gzip
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

BATCH, INPUTS, HIDDEN, OUTPUTS, LR = 100, 784, 120, 10, 5e-6
FLOP_PER_STEP = 2 * BATCH * (INPUTS * HIDDEN + HIDDEN * OUTPUTS) * 3


def idx(path, header):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load(data_dir):
    d = lambda name: os.path.join(data_dir, name)
    x_train = idx(d('train-images-idx3-ubyte.gz'), 16).reshape(-1, INPUTS)[:10_000].astype(np.float32)
    y_train = idx(d('train-labels-idx1-ubyte.gz'), 8)[:10_000]
    x_test = idx(d('t10k-images-idx3-ubyte.gz'), 16).reshape(-1, INPUTS).astype(np.float32)
    y_test = idx(d('t10k-labels-idx1-ubyte.gz'), 8)
    eye = np.eye(OUTPUTS, dtype=np.float32)
    return x_train, eye[y_train], y_train, x_test, eye[y_test], y_test


class Net:
    def __init__(self, hidden, seed):
        rng = np.random.default_rng(seed)
        self.w1 = (rng.standard_normal((INPUTS, hidden)) * 0.01).astype(np.float32)
        self.w2 = (rng.standard_normal((hidden, OUTPUTS)) * 0.01).astype(np.float32)

    def step(self, x, t):
        h = 1.0 / (1.0 + np.exp(-(x @ self.w1)))
        y = h @ self.w2
        diff = y - t
        loss = float(np.sum(diff * diff))
        correct = int(np.sum(np.argmax(y, axis=1) == np.argmax(t, axis=1)))
        e = 2.0 * diff
        g2 = h.T @ e
        delta = (e @ self.w2.T) * h * (1.0 - h)
        g1 = x.T @ delta
        self.w1 -= np.float32(LR) * g1
        self.w2 -= np.float32(LR) * g2
        return loss, correct

    def evaluate(self, x, t, labels):
        y = (1.0 / (1.0 + np.exp(-(x @ self.w1)))) @ self.w2
        diff = y - t
        return float(np.sum(diff * diff)) / len(x), float(np.mean(np.argmax(y, axis=1) == labels))


def batches(seed, steps):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 10_000, size=(steps, BATCH))


def time_step(data, short):
    x_train, t_train, _, x_test, t_test, y_test = data
    warmup, steps, repeats, eval_repeats = (5, 10, 2, 1) if short else (50, 200, 7, 5)
    net = Net(HIDDEN, 1)
    idx_all = batches(1, warmup + steps * repeats)
    for i in range(warmup):
        net.step(x_train[idx_all[i]], t_train[idx_all[i]])
    rates = []
    for r in range(repeats):
        start = time.perf_counter()
        for i in range(warmup + r * steps, warmup + (r + 1) * steps):
            net.step(x_train[idx_all[i]], t_train[idx_all[i]])
        rates.append(steps / (time.perf_counter() - start))
    net.evaluate(x_test, t_test, y_test)
    evals = []
    for _ in range(eval_repeats):
        start = time.perf_counter()
        net.evaluate(x_test, t_test, y_test)
        evals.append((time.perf_counter() - start) * 1e3)
    med = statistics.median(rates)
    return {
        'steps_per_sec': {'median': med, 'best': max(rates), 'samples': rates},
        'gflops': {'median': med * FLOP_PER_STEP / 1e9, 'best': max(rates) * FLOP_PER_STEP / 1e9},
        'evaluate_ms': {'median': statistics.median(evals), 'best': min(evals), 'samples': evals},
        'timed_steps': steps,
        'repeats': repeats,
    }


def time_sweep(data, short):
    x_train, t_train, _, x_test, t_test, y_test = data
    steps, interval = (200, 100) if short else (10_000, 100)
    runs = []
    start = time.perf_counter()
    for hidden in (15, 30, 60, 120):
        run_start = time.perf_counter()
        net = Net(hidden, 1)
        idx_all = batches(hidden, steps)
        net.evaluate(x_test, t_test, y_test)
        evaluations = 1
        for s in range(steps):
            net.step(x_train[idx_all[s]], t_train[idx_all[s]])
            if (s + 1) % interval == 0:
                loss, acc = net.evaluate(x_test, t_test, y_test)
                evaluations += 1
        runs.append({'hidden': hidden, 'ms': (time.perf_counter() - run_start) * 1e3, 'evaluations': evaluations,
                     'final_test_acc': acc, 'final_test_loss': loss})
    return {'mode': 'the four runs one after another in one process', 'wall_ms': (time.perf_counter() - start) * 1e3,
            'runs': runs, 'steps_per_run': steps, 'eval_interval': interval}


def main():
    args = sys.argv[1:]
    data_dir = next(a for a in args if not a.startswith('--'))
    short = '--short' in args
    np.seterr(over='ignore')
    data = load(data_dir)
    out = {'numpy': np.__version__, 'python': platform.python_version(),
           'env': {k: os.environ.get(k) for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS')}}
    try:
        import threadpoolctl
        info = threadpoolctl.threadpool_info()
        out['blas'] = [{k: i.get(k) for k in ('internal_api', 'version', 'architecture', 'num_threads', 'threading_layer')}
                       for i in info]
        out['step'] = time_step(data, short)
        with threadpoolctl.threadpool_limits(1):
            out['step_1_thread'] = time_step(data, short)
    except ImportError:
        out['blas'] = None
        out['blas_note'] = 'threadpoolctl is not installed: the BLAS kernel and its threads are unknown'
        out['step'] = time_step(data, short)
    if '--sweep' in args:
        # The sweep runs with whichever BLAS thread count gave the faster step above.
        one = out.get('step_1_thread')
        if one and one['steps_per_sec']['median'] > out['step']['steps_per_sec']['median']:
            import threadpoolctl
            with threadpoolctl.threadpool_limits(1):
                out['sweep'] = time_sweep(data, short)
            out['sweep']['threads'] = 1
        else:
            out['sweep'] = time_sweep(data, short)
            out['sweep']['threads'] = (out.get('blas') or [{}])[0].get('num_threads')
    print(json.dumps(out))


if __name__ == '__main__':
    main()
