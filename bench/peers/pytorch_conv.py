#!/usr/bin/python3
"""The book's chapter 6 networks (network3.py) in PyTorch on the CPU, float32, as a PyTorch user would write them.

    a: Conv2d(1, 20, 5) sigmoid, MaxPool2d(2), Linear(2880, 100) sigmoid, Linear(100, 10) softmax; eta 0.1
    b: a with Conv2d(20, 40, 5) sigmoid, MaxPool2d(2) after the first pooling; eta 0.1
    c: b with ReLU everywhere, eta 0.03, L2 lambda 0.1 (weight decay lambda/n on the weights)
    e: c's convolutions, Linear(640, 1000) ReLU, Linear(1000, 1000) ReLU, softmax, dropout 0.5 before
       each fully connected layer, eta 0.03, no L2

The loss is the log-likelihood averaged over the mini-batch, torch.optim.SGD(lr=eta): network3.py's update.
Prints `Epoch N: C / 10000 (P%) S s` per epoch; S times the mini-batch loop only.

    pytorch_conv.py --net b [--batch 10] [--epochs 3] [--train-size N] [--threads T] [--seed S]
"""
import os
import sys

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

NETS = {
    "a": dict(convs=[20], act=nn.Sigmoid, hidden=[100], eta=0.1, lmbda=0.0, dropout=0.0),
    "b": dict(convs=[20, 40], act=nn.Sigmoid, hidden=[100], eta=0.1, lmbda=0.0, dropout=0.0),
    "c": dict(convs=[20, 40], act=nn.ReLU, hidden=[100], eta=0.03, lmbda=0.1, dropout=0.0),
    "e": dict(convs=[20, 40], act=nn.ReLU, hidden=[1000, 1000], eta=0.03, lmbda=0.0, dropout=0.5),
}


def model_of(spec):
    layers, channels, side = [], 1, 28
    for filters in spec["convs"]:
        layers += [nn.Conv2d(channels, filters, 5), spec["act"](), nn.MaxPool2d(2)]
        channels, side = filters, (side - 4) // 2
    layers.append(nn.Flatten())
    inputs = channels * side * side
    for k, n in enumerate(spec["hidden"] + [10]):
        if spec["dropout"] > 0:
            layers.append(nn.Dropout(spec["dropout"]))
        layers.append(nn.Linear(inputs, n))
        if k < len(spec["hidden"]):
            layers.append(spec["act"]())
        inputs = n
    return nn.Sequential(*layers)  # softmax with the log-likelihood: CrossEntropyLoss on the last layer's z


def main():
    p = argparse.ArgumentParser(description="PyTorch CPU convolutional networks (float32), network3.py's")
    p.add_argument("--net", choices=sorted(NETS), default="b")
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--train-size", type=int, default=mnist_idx.TRAINING_SIZE)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads, and OpenBLAS's threads")
    p.add_argument("--blas-threads", type=int, help="OpenBLAS's threads, if not --threads")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    spec = NETS[args.net]
    x_np, y_np, x_test_np, labels_test = mnist_idx.load(np.float32, args.train_size)
    x = torch.from_numpy(x_np).reshape(-1, 1, 28, 28)
    labels = torch.from_numpy(y_np).argmax(dim=1)
    x_test, labels_test = torch.from_numpy(x_test_np).reshape(-1, 1, 28, 28), torch.from_numpy(labels_test)

    model = model_of(spec)
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    optimizer = torch.optim.SGD([
        {"params": weights, "weight_decay": spec["lmbda"] / len(x)},
        {"params": biases, "weight_decay": 0.0}], lr=spec["eta"])
    loss_of = nn.CrossEntropyLoss()
    print(f"torch {torch.__version__} CPU, float32, {torch.get_num_threads()} threads "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}), network3-{args.net}: {model}, "
          f"batch {args.batch}, eta {spec['eta']}, {len(x)} training examples".replace("\n", " "), flush=True)

    n, m = len(x), args.batch
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(n)
        started = time.perf_counter()
        for k in range(0, n, m):
            batch = order[k:k + m]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_of(model(x[batch]), labels[batch])
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - started
        model.eval()
        with torch.no_grad():
            correct = int((model(x_test).argmax(dim=1) == labels_test).sum())
        print(mnist_idx.epoch_line(epoch, correct, len(labels_test), seconds), flush=True)


if __name__ == "__main__":
    main()
