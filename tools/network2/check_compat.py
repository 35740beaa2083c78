#!/usr/bin/python3
"""Checks Backprop's model files against the way Nielsen's network2.py reads and writes them.

network2.py (Python 2, upstream only) saves a network as
    {"sizes": [...], "weights": [w.tolist() ...], "biases": [b.tolist() ...], "cost": "CrossEntropyCost"}
with each bias a numpy column vector, and loads it with json.load, np.array and getattr on the cost
name. This script does the same steps with the same libraries, so a file it reads or writes behaves
as it would in the book's code. It is our own code, not a copy of network2.py.

    check_compat.py write --sizes 4 5 3 --cost CrossEntropyCost --seed 1 model.json
    check_compat.py feedforward model.json --count 5 --seed 2 [--inputs inputs.json] [--out expected.json]
    check_compat.py resave ours.json network2.json
"""

import argparse
import json
import sys

import numpy as np

# The cost classes network2.py defines; its load() resolves data["cost"] with getattr on its module.
NETWORK2_COSTS = ("QuadraticCost", "CrossEntropyCost")


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def load(filename):
    """Returns (sizes, cost name, weights, biases) as network2.load() would build them."""
    with open(filename, "r") as f:
        data = json.load(f)
    if data["cost"] not in NETWORK2_COSTS:
        raise SystemExit("%s: network2.py has no cost class %r (it has %s)"
                         % (filename, data["cost"], ", ".join(NETWORK2_COSTS)))
    weights = [np.array(w) for w in data["weights"]]
    biases = [np.array(b) for b in data["biases"]]
    activations = data.get("activations")
    if activations is not None and any(a != "sigmoid" for a in activations):
        print("warning: %s uses activations %s; network2.py would run it with sigmoid everywhere"
              % (filename, activations), file=sys.stderr)
    return data["sizes"], data["cost"], weights, biases


def save(filename, sizes, cost, weights, biases):
    """Writes the file exactly as network2.save() does: json.dump of the .tolist() arrays."""
    data = {"sizes": sizes,
            "weights": [w.tolist() for w in weights],
            "biases": [b.tolist() for b in biases],
            "cost": cost}
    with open(filename, "w") as f:
        json.dump(data, f)


def feedforward(weights, biases, x):
    """network2's Network.feedforward on one input, a column vector."""
    a = np.asarray(x, dtype=float).reshape(-1, 1)
    for b, w in zip(biases, weights):
        a = sigmoid(np.dot(w, a) + b)
    return a


def write_command(args):
    # network2's default_weight_initializer: biases N(0, 1), weights N(0, 1/n_in).
    rng = np.random.RandomState(args.seed)
    sizes = args.sizes
    biases = [rng.randn(y, 1) for y in sizes[1:]]
    weights = [rng.randn(y, x) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]
    save(args.model, sizes, args.cost, weights, biases)


def feedforward_command(args):
    sizes, _, weights, biases = load(args.model)
    if args.inputs:
        with open(args.inputs) as f:
            inputs = json.load(f)
    else:
        inputs = np.random.RandomState(args.seed).rand(args.count, sizes[0]).tolist()
    outputs = [feedforward(weights, biases, x).ravel().tolist() for x in inputs]
    result = {"model": args.model, "inputs": inputs, "outputs": outputs}
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f)
            f.write("\n")
    else:
        json.dump(result, sys.stdout)
        print()


def resave_command(args):
    sizes, cost, weights, biases = load(args.model)
    save(args.out, sizes, cost, weights, biases)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    write = commands.add_parser("write", help="write a random network the way network2.save does")
    write.add_argument("model")
    write.add_argument("--sizes", type=int, nargs="+", required=True)
    write.add_argument("--cost", choices=NETWORK2_COSTS, default="CrossEntropyCost")
    write.add_argument("--seed", type=int, default=1)
    write.set_defaults(run=write_command)

    ff = commands.add_parser("feedforward", help="load as network2.load does and print outputs as JSON")
    ff.add_argument("model")
    ff.add_argument("--inputs", help="JSON list of inputs; default: --count uniform random inputs")
    ff.add_argument("--count", type=int, default=5)
    ff.add_argument("--seed", type=int, default=2)
    ff.add_argument("--out", help="write the JSON here instead of standard output")
    ff.set_defaults(run=feedforward_command)

    resave = commands.add_parser("resave", help="load as network2.load does, save as network2.save does")
    resave.add_argument("model")
    resave.add_argument("out")
    resave.set_defaults(run=resave_command)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
