#!/usr/bin/python3
"""How far plain float32 matrix code drifts from our double-precision reference on the book's run.

Takes two model files `backprop train` saved: the start (`--epochs 0`) and the reference's weights
after the run (`--engine matrix`), both with `--no-shuffle --train-size N`, and trains the same
784,30,10 sigmoid network with quadratic cost from the start on the same first N images in order,
as network.py's matrix form: in float64 with numpy (which should land within 1e-12 of the
reference), in float32 with numpy and, when it is installed, with PyTorch. Prints each one's
largest |w - w_reference| over every weight and bias (docs/PERFORMANCE.md, "Fidelity").

    float32_drift.py --start start.json --reference matrix.json [--train-size 10000] [--batch 10] [--eta 3.0]
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402

import numpy as np  # noqa: E402

import mnist_idx  # noqa: E402


def largest_difference(weights, biases, reference):
    largest = 0.0
    for l, (w, b) in enumerate(zip(weights, biases)):
        largest = max(largest,
                      np.abs(np.asarray(w, dtype=np.float64) - np.array(reference["weights"][l])).max(),
                      np.abs(np.asarray(b, dtype=np.float64).reshape(-1)
                             - np.array(reference["biases"][l]).reshape(-1)).max())
    return largest


def train_numpy(start, dtype, size, batch, eta):
    x, y, _, _ = mnist_idx.load(dtype, size)
    weights = [np.array(w, dtype=dtype) for w in start["weights"]]
    biases = [np.array(b, dtype=dtype).reshape(-1) for b in start["biases"]]
    rate = dtype(eta / batch)

    def sigmoid(z):
        return dtype(1) / (dtype(1) + np.exp(-z))

    for first in range(0, size - batch + 1, batch):
        a0, t = x[first:first + batch], y[first:first + batch].astype(dtype)
        a1 = sigmoid(a0 @ weights[0].T + biases[0])
        a2 = sigmoid(a1 @ weights[1].T + biases[1])
        d2 = (a2 - t) * a2 * (1 - a2)
        d1 = (d2 @ weights[1]) * a1 * (1 - a1)
        weights[1] = weights[1] - rate * (d2.T @ a1)
        biases[1] = biases[1] - rate * d2.sum(0)
        weights[0] = weights[0] - rate * (d1.T @ a0)
        biases[0] = biases[0] - rate * d1.sum(0)
    return weights, biases


def train_torch(start, size, batch, eta):
    import torch
    torch.set_num_threads(1)
    x, y, _, _ = mnist_idx.load(np.float32, size)
    x, y = torch.tensor(x), torch.tensor(y.astype(np.float32))
    weights = [torch.tensor(np.array(w, dtype=np.float32)) for w in start["weights"]]
    biases = [torch.tensor(np.array(b, dtype=np.float32).reshape(-1)) for b in start["biases"]]
    rate = eta / batch
    for first in range(0, size - batch + 1, batch):
        a0, t = x[first:first + batch], y[first:first + batch]
        a1 = torch.sigmoid(a0 @ weights[0].T + biases[0])
        a2 = torch.sigmoid(a1 @ weights[1].T + biases[1])
        d2 = (a2 - t) * a2 * (1 - a2)
        d1 = (d2 @ weights[1]) * a1 * (1 - a1)
        weights[1] = weights[1] - rate * (d2.T @ a1)
        biases[1] = biases[1] - rate * d2.sum(0)
        weights[0] = weights[0] - rate * (d1.T @ a0)
        biases[0] = biases[0] - rate * d1.sum(0)
    return [w.numpy() for w in weights], [b.numpy() for b in biases]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", required=True)
    parser.add_argument("--reference", required=True)
    parser.add_argument("--train-size", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--eta", type=float, default=3.0)
    args = parser.parse_args()
    with open(args.start) as f:
        start = json.load(f)
    with open(args.reference) as f:
        reference = json.load(f)
    if len(start["sizes"]) != 3:
        raise SystemExit("error: --start must be a network with one hidden layer, got layers " + str(start["sizes"]))
    for dtype in (np.float64, np.float32):
        weights, biases = train_numpy(start, dtype, args.train_size, args.batch, args.eta)
        print(f"numpy {dtype.__name__}: largest |dw| {largest_difference(weights, biases, reference):.3g}")
    try:
        weights, biases = train_torch(start, args.train_size, args.batch, args.eta)
        print(f"PyTorch float32: largest |dw| {largest_difference(weights, biases, reference):.3g}")
    except ImportError:
        print("PyTorch: not installed (apt-get install python3-torch)")


if __name__ == "__main__":
    main()
