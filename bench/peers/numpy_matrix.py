#!/usr/bin/python3
"""The book's network in numpy with each mini-batch as one matrix (chapter 2's exercise), float64.

Same math as network.py: sigmoid layers, quadratic cost C = 1/2 |a - y|^2 averaged over the batch,
w -= eta/m Σ ∇w. The only change is that the m examples of a mini-batch are the columns of one matrix,
so each layer is one matrix product (OpenBLAS dgemm) instead of m matrix-vector products.

Prints `Epoch N: C / 10000 (P%) S s` per epoch; S times the mini-batch loop only (the shuffle and the
test evaluation are outside it, as in `backprop train`).

    numpy_matrix.py --layers 784,30,10 --batch 10 --eta 3.0 --epochs 3 [--init large|scaled]
                    [--train-size N] [--threads T] [--seed S]
"""
import os
import sys

# OpenBLAS reads its thread count when it loads: set it before numpy is imported.
_threads = "1"
for _i, _a in enumerate(sys.argv):
    if _a == "--threads" and _i + 1 < len(sys.argv):
        _threads = sys.argv[_i + 1]
os.environ["OPENBLAS_NUM_THREADS"] = _threads
os.environ["OMP_NUM_THREADS"] = _threads

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import mnist_idx  # noqa: E402


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    p = argparse.ArgumentParser(description="matrix-form numpy MLP (float64), the book's exercise")
    p.add_argument("--layers", default="784,30,10")
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--eta", type=float, default=3.0)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--init", choices=["large", "scaled"], default="large")
    p.add_argument("--train-size", type=int, default=mnist_idx.TRAINING_SIZE)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    sizes = mnist_idx.parse_layers(args.layers)
    x, y, x_test, labels_test = mnist_idx.load(np.float64, args.train_size)
    rng = np.random.default_rng(args.seed)
    biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
    weights = [rng.standard_normal((n, k)) / (np.sqrt(k) if args.init == "scaled" else 1.0)
               for k, n in zip(sizes[:-1], sizes[1:])]
    print(f"numpy {np.__version__} matrix form, float64, layers {args.layers}, batch {args.batch}, "
          f"eta {args.eta}, init {args.init}, {len(x)} training examples, OPENBLAS_NUM_THREADS={_threads}",
          flush=True)

    n, m, eta = len(x), args.batch, args.eta
    for epoch in range(args.epochs):
        order = rng.permutation(n)
        started = time.perf_counter()
        for k in range(0, n, m):
            batch = order[k:k + m]
            a = x[batch].T                      # (784, m): one column per example
            target = y[batch].T
            activations = [a]
            for w, b in zip(weights, biases):   # equation 25 for the whole batch
                a = sigmoid(w @ a + b)
                activations.append(a)
            # BP1 for the quadratic cost, with σ'(z) = a(1 - a)
            delta = (a - target) * a * (1 - a)
            rate = eta / len(batch)
            for l in range(len(weights) - 1, -1, -1):
                grad_w = delta @ activations[l].T          # BP4, summed over the batch
                grad_b = delta.sum(axis=1, keepdims=True)  # BP3
                if l > 0:                                  # BP2, with the weights before the update
                    below = activations[l]
                    delta = (weights[l].T @ delta) * below * (1 - below)
                weights[l] -= rate * grad_w
                biases[l] -= rate * grad_b
        seconds = time.perf_counter() - started
        a = x_test.T
        for w, b in zip(weights, biases):
            a = sigmoid(w @ a + b)
        correct = int((a.argmax(axis=0) == labels_test).sum())
        print(mnist_idx.epoch_line(epoch, correct, len(labels_test), seconds), flush=True)


if __name__ == "__main__":
    main()
