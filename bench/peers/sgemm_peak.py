#!/usr/bin/python3
"""The machine's practical peak: numpy float32 (and float64) 2048x2048 matrix product through OpenBLAS.

    sgemm_peak.py --threads T      prints `sgemm T threads: G GFLOP/s` and `dgemm ...`, best of several runs

A product of two N x N matrices costs 2 N^3 floating-point operations.
"""
import os
import sys

_threads = "1"
for _i, _a in enumerate(sys.argv):
    if _a == "--threads" and _i + 1 < len(sys.argv):
        _threads = sys.argv[_i + 1]
os.environ["OPENBLAS_NUM_THREADS"] = _threads
os.environ["OMP_NUM_THREADS"] = _threads

import time  # noqa: E402

import numpy as np  # noqa: E402

N = 2048
REPEATS = 12


def best_gflops(dtype):
    rng = np.random.default_rng(1)
    a = rng.random((N, N)).astype(dtype)
    b = rng.random((N, N)).astype(dtype)
    c = np.empty((N, N), dtype=dtype)
    np.matmul(a, b, out=c)  # warm-up: threads started, pages touched
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        np.matmul(a, b, out=c)
        best = min(best, time.perf_counter() - started)
    return 2.0 * N ** 3 / best / 1e9


def main():
    print(f"sgemm {_threads} threads: {best_gflops(np.float32):.1f} GFLOP/s", flush=True)
    print(f"dgemm {_threads} threads: {best_gflops(np.float64):.1f} GFLOP/s", flush=True)


if __name__ == "__main__":
    main()
