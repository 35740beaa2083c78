#!/usr/bin/python3
"""The book's network in PyTorch on the CPU, float32, as a PyTorch user would write it.

nn.Linear + sigmoid layers, loss = 0.5 * Σ (a - y)^2 / m (the book's quadratic cost averaged over the
mini-batch), torch.optim.SGD(lr=eta): the same update as network.py, w -= eta/m Σ ∇w.

Prints `Epoch N: C / 10000 (P%) S s` per epoch; S times the mini-batch loop only (the shuffle and the
test evaluation are outside it, as in `backprop train`).

    pytorch_mlp.py --layers 784,30,10 --batch 10 --eta 3.0 --epochs 3 [--init large|scaled]
                   [--train-size N] [--threads T] [--blas-threads T] [--seed S]
"""
import os
import sys

# torch.set_num_threads sets the intra-op (OpenMP) pool; Debian's torch calls the system BLAS
# (OpenBLAS through libblas.so.3), which reads its own thread count when it loads.
_threads = {"--threads": "1"}
for _i, _a in enumerate(sys.argv):
    if _a in ("--threads", "--blas-threads") and _i + 1 < len(sys.argv):
        _threads[_a] = sys.argv[_i + 1]
os.environ["OPENBLAS_NUM_THREADS"] = _threads.get("--blas-threads", _threads["--threads"])
os.environ["OMP_NUM_THREADS"] = _threads["--threads"]

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

import mnist_idx  # noqa: E402


def main():
    p = argparse.ArgumentParser(description="PyTorch CPU MLP (float32), the book's network")
    p.add_argument("--layers", default="784,30,10")
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--eta", type=float, default=3.0)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--init", choices=["large", "scaled"], default="large")
    p.add_argument("--train-size", type=int, default=mnist_idx.TRAINING_SIZE)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads, and OpenBLAS's threads")
    p.add_argument("--blas-threads", type=int, help="OpenBLAS's threads, if not --threads")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    sizes = mnist_idx.parse_layers(args.layers)
    x_np, y_np, x_test_np, labels_test = mnist_idx.load(np.float32, args.train_size)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    x_test, labels_test = torch.from_numpy(x_test_np), torch.from_numpy(labels_test)

    layers = []
    for k, n in zip(sizes[:-1], sizes[1:]):
        linear = nn.Linear(k, n)
        with torch.no_grad():  # network.py's N(0, 1), or network2.py's N(0, 1/n_in) weights
            linear.weight.normal_(0.0, 1.0 / k ** 0.5 if args.init == "scaled" else 1.0)
            linear.bias.normal_(0.0, 1.0)
        layers += [linear, nn.Sigmoid()]
    model = nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.eta)
    print(f"torch {torch.__version__} CPU, float32, {torch.get_num_threads()} threads "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}), layers {args.layers}, "
          f"batch {args.batch}, eta {args.eta}, init {args.init}, {len(x)} training examples", flush=True)

    n, m = len(x), args.batch
    for epoch in range(args.epochs):
        order = torch.randperm(n)
        started = time.perf_counter()
        for k in range(0, n, m):
            batch = order[k:k + m]
            xb, yb = x[batch], y[batch]
            optimizer.zero_grad(set_to_none=True)
            loss = 0.5 * ((model(xb) - yb) ** 2).sum() / len(batch)
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - started
        with torch.no_grad():
            correct = int((model(x_test).argmax(dim=1) == labels_test).sum())
        print(mnist_idx.epoch_line(epoch, correct, len(labels_test), seconds), flush=True)


if __name__ == "__main__":
    main()
