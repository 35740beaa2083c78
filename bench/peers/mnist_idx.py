"""MNIST for the peer scripts: the raw IDX files that `backprop` caches, split as the book does.

Training is the first 50,000 images of train-images-idx3-ubyte (the book's training set; the last
10,000 are its validation set), test is t10k. Pixels are scaled to [0, 1] by /255, labels one-hot.
Files are read where `backprop` keeps them: $BACKPROP_DATA/mnist (or $BACKPROP_DATA), else ~/.cache/backprop/mnist.
"""
import os
import struct
import sys

import numpy as np

TRAINING_SIZE = 50_000


def data_dir():
    """Where `backprop` looks: $BACKPROP_DATA/mnist, or $BACKPROP_DATA itself, else ~/.cache/backprop/mnist."""
    base = os.environ.get("BACKPROP_DATA")
    if not base:
        return os.path.join(os.path.expanduser("~"), ".cache", "backprop", "mnist")
    nested = os.path.join(base, "mnist")
    return nested if os.path.exists(os.path.join(nested, "train-images-idx3-ubyte")) else base


def read_idx(path):
    with open(path, "rb") as f:
        magic = f.read(4)
        if len(magic) != 4 or magic[0] != 0 or magic[1] != 0 or magic[2] != 0x08:
            sys.exit(f"error: {path} is not an unsigned-byte IDX file")
        dims = struct.unpack(">" + "I" * magic[3], f.read(4 * magic[3]))
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != int(np.prod(dims)):
        sys.exit(f"error: {path} is truncated: expected {int(np.prod(dims))} values, got {data.size}")
    return data.reshape(dims)


def load(dtype, train_size=TRAINING_SIZE):
    """(x_train, y_train_one_hot, x_test, labels_test): x as (examples, 784) of dtype in [0, 1]."""
    d = data_dir()
    names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    missing = [n for n in names if not os.path.exists(os.path.join(d, n))]
    if missing:
        sys.exit(f"error: MNIST files missing in {d}: {', '.join(missing)} (run `./backprop data fetch` first)")
    images, labels, test_images, test_labels = (read_idx(os.path.join(d, n)) for n in names)
    if not 1 <= train_size <= TRAINING_SIZE:
        sys.exit(f"error: --train-size must be between 1 and {TRAINING_SIZE}, got {train_size}")
    x = images[:train_size].reshape(train_size, -1).astype(dtype) / dtype(255)
    y = np.zeros((train_size, 10), dtype=dtype)
    y[np.arange(train_size), labels[:train_size]] = 1
    x_test = test_images.reshape(len(test_images), -1).astype(dtype) / dtype(255)
    return x, y, x_test, test_labels.astype(np.int64)


def parse_layers(text):
    sizes = [int(s) for s in text.split(",")]
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10 or min(sizes) < 1:
        sys.exit(f"error: --layers must start with 784 and end with 10, got {text}")
    return sizes


def epoch_line(epoch, correct, total, seconds):
    return f"Epoch {epoch}: {correct} / {total} ({100.0 * correct / total:.2f}%) {seconds:.3f} s"
