"""Writes python-written.safetensors with the Python safetensors library (numpy flavour), as a user
would to hand Backprop weights trained elsewhere, and prints the outputs SafetensorsFileTest expects.

    python3 -m pip install safetensors numpy; python3 make_file.py
"""
import os

import numpy as np
from safetensors.numpy import save_file

rng = np.random.default_rng(1)
w1 = rng.normal(size=(3, 4)).astype(np.float32)   # [outputs, inputs], as PyTorch's Linear
b1 = rng.normal(size=(3,)).astype(np.float64)     # float64 is read too
w2 = rng.normal(size=(2, 3)).astype(np.float32)
b2 = rng.normal(size=(2,)).astype(np.float32)
save_file({"layer1.weight": w1, "layer1.bias": b1, "layer2.weight": w2, "layer2.bias": b2},
          os.path.join(os.path.dirname(os.path.abspath(__file__)), "python-written.safetensors"),
          metadata={"backprop.layers": "4,fc:3:tanh,softmax:2"})

x = np.array([0.1, 0.2, 0.3, 0.4])
h = np.tanh(w1.astype(np.float64) @ x + b1)
z = w2.astype(np.float64) @ h + b2.astype(np.float64)
print(repr((np.exp(z) / np.exp(z).sum()).tolist()))
