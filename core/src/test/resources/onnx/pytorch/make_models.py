"""Trains small PyTorch Sequential networks on MNIST and exports them with torch.onnx.export, for
OnnxImportTest and OnnxImportIT: the files here and expected.json are this script's output.

    /usr/bin/python3 make_models.py [MNIST_DIR]     (default ~/.cache/backprop/mnist; needs torch)

expected.json records, per model, the correct count PyTorch gives on the 10,000 MNIST test images and
its outputs for a few synthetic inputs that the Java test rebuilds: example i, value k is
((i * 31 + k * 17) % 256) / 255.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = 4


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * d:8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def synthetic(count, size):
    i = np.arange(count)[:, None]
    k = np.arange(size)[None, :]
    return ((i * 31 + k * 17) % 256).astype(np.float32) / 255


class MatMulNet(nn.Module):
    """Logistic regression written out: Reshape (its shape a Constant node), MatMul and Add, not Gemm."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(784, 10) * 0.01)
        self.b = nn.Parameter(torch.zeros(10))

    def forward(self, x):
        return torch.softmax(torch.matmul(x.reshape(-1, 784), self.w) + self.b, dim=1)


def models():
    torch.manual_seed(1)
    yield "mlp-relu", (1, 28, 28), 13, nn.Sequential(
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))
    yield "mlp-sigmoid-tanh", (784,), 11, nn.Sequential(
        nn.Linear(784, 40), nn.Tanh(), nn.Linear(40, 20), nn.Sigmoid(), nn.Linear(20, 10), nn.Softmax(dim=1))
    yield "matmul-add", (1, 28, 28), 13, MatMulNet()
    # Pooling before the activation in the second block, as network3.py orders it.
    yield "conv", (1, 28, 28), 17, nn.Sequential(
        nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5), nn.MaxPool2d(2), nn.Tanh(),
        nn.Flatten(), nn.Linear(256, 32), nn.LeakyReLU(0.01), nn.Linear(32, 10), nn.Softmax(dim=1))


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/backprop/mnist")
    train_x = torch.tensor(idx(os.path.join(data, "train-images-idx3-ubyte")), dtype=torch.float32) / 255
    train_y = torch.tensor(idx(os.path.join(data, "train-labels-idx1-ubyte")), dtype=torch.long)
    test_x = torch.tensor(idx(os.path.join(data, "t10k-images-idx3-ubyte")), dtype=torch.float32) / 255
    test_y = torch.tensor(idx(os.path.join(data, "t10k-labels-idx1-ubyte")), dtype=torch.long)
    expected = {}
    for name, shape, opset, model in models():
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1 if name != "conv" else 0.05, momentum=0.9)
        model.train()
        for start in range(0, 20000, 50):
            x = train_x[start:start + 50].reshape((-1,) + shape)
            y = train_y[start:start + 50]
            optimizer.zero_grad()
            # The model ends in Softmax; NLL of its log is cross-entropy.
            loss = nn.functional.nll_loss(torch.log(model(x) + 1e-12), y)
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            outputs = model(test_x.reshape((-1,) + shape))
            correct = int((outputs.argmax(dim=1) == test_y).sum())
            inputs = torch.tensor(synthetic(EXAMPLES, int(np.prod(shape)))).reshape((-1,) + shape)
            probe = model(inputs)
        path = os.path.join(HERE, name + ".onnx")
        torch.onnx.export(model, inputs, path, opset_version=opset, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
        expected[name] = {"file": name + ".onnx", "opset": opset, "input": list(shape), "correct": correct,
                          "outputs": probe.tolist()}
        print(name, "correct", correct, "/ 10000")
    # A graph we cannot read: ELU is no activation of ours.
    torch.onnx.export(nn.Sequential(nn.Linear(4, 3), nn.ELU()), torch.zeros(1, 4),
                      os.path.join(HERE, "unsupported-elu.onnx"), opset_version=17, input_names=["x"],
                      output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
