#!/usr/bin/python3
"""Turns bench/run's measurements into the side-by-side table (Markdown), with FLOP counts.

    report.py ROWS.tsv PEAKS.tsv [CONV_ROWS.tsv]

ROWS.tsv, one measurement a line, tab-separated:
    network  layers  batch  system  threads  precision  s_per_epoch  first_epoch_s  train_size  others_cores  accuracy
PEAKS.tsv: threads  sgemm_gflops  dgemm_gflops

FLOPs of one training example, for weight matrices W^l of n_{l+1} x n_l (l = 0 .. L-1), S = Σ_l n_l n_{l+1},
S' = the same sum without the first matrix (l >= 1), mini-batch m:
    forward                 2 S        (z = W a + b: a multiply and an add per weight)
    backward, ∂C/∂W         2 S        (BP4: δ a^T)
    backward, δ to layer l  2 S'       (BP2: W^T δ, not into the input layer)
    update                  2 S / m    (w -= (eta/m) Σ ∇w, once per mini-batch)
Per epoch: that times 50,000. Biases, activations and the cost derivative are not counted.

CONV_ROWS.tsv, the same columns for networks in the --layers notation (1x28x28,conv:20x5x5,pool:2,...):
a convolution of F filters of KxK on C maps with P output positions counts like a matrix of F x CKK
used at P positions (forward, ∂C/∂W and, past the first layer, the deltas: 2·P·F·C·K·K each);
pooling and the update are not counted.
"""
import sys

EPOCH_EXAMPLES = 50_000


def flops_per_example(sizes, batch):
    pairs = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    s, s_hidden = sum(pairs), sum(pairs[1:])
    return {"forward": 2 * s, "weights": 2 * s, "deltas": 2 * s_hidden, "update": 2 * s / batch}


def epoch_flops(sizes, batch):
    return sum(flops_per_example(sizes, batch).values()) * EPOCH_EXAMPLES


def conv_flops_per_example(layers):
    """Forward, weight-gradient and delta FLOPs of one example of a network in the --layers notation."""
    parts = layers.split(",")
    c, h, w = (int(v) for v in parts[0].split("x"))
    total, first = 0, True
    for part in parts[1:]:
        kind, _, rest = part.partition(":")
        size = rest.split(":")[0]
        if kind == "conv":
            f, kh, kw = (int(v) for v in size.split("x"))
            h, w = h - kh + 1, w - kw + 1
            macs = h * w * f * c * kh * kw
            c = f
        elif kind == "pool":
            ph, pw = (int(v) for v in (size.split("x") * 2)[:2])
            h, w = h // ph, w // pw
            continue
        else:
            n = int(size)
            macs = c * h * w * n
            c, h, w = n, 1, 1
        total += 2 * macs * (2 if first else 3)
        first = False
    return total


def conv_report(rows, peaks):
    networks = []
    for r in rows:
        if (r[0], r[1]) not in networks:
            networks.append((r[0], r[1]))
    print("The book's chapter 6 networks, batch 10 (FLOPs: forward, ∂C/∂W and deltas of convolutions and fully "
          "connected layers):")
    print()
    print("| network | system | threads | s/epoch | vs PyTorch's best | GFLOP/s | % of sgemm peak | first epoch s "
          "| test acc. after epoch 1 | others' CPU |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, layers in networks:
        work = conv_flops_per_example(layers) * EPOCH_EXAMPLES
        mine = [r for r in rows if r[0] == name]
        torch = [float(r[6]) for r in mine if r[3] == "PyTorch CPU"]
        for r in mine:
            threads, seconds, first, others, accuracy = int(r[4]), float(r[6]), float(r[7]), float(r[9]), r[10]
            peak = peaks.get(threads, (float("nan"),))[0]
            gflops = work / seconds / 1e9
            ratio = f"{min(torch) / seconds:.2f}x" if torch else "-"
            print(f"| {name} ({work / 1e12:.2f} TFLOP) | {r[3]} | {threads} | {fmt_seconds(seconds)} | {ratio} "
                  f"| {gflops:.1f} | {100 * gflops / peak:.0f}% | {fmt_seconds(first)} | {accuracy} | {others:.2f} |")


def fmt_seconds(s):
    return f"{s:.3f}" if s < 10 else f"{s:.1f}" if s < 1000 else f"{s:.0f}"


def main():
    rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
    peaks = {}
    for line in open(sys.argv[2]):
        if line.strip():
            t, s, d = line.split("\t")
            peaks[int(t)] = (float(s), float(d))

    networks = []
    for r in rows:
        if (r[0], r[1], r[2]) not in networks:
            networks.append((r[0], r[1], r[2]))

    print("FLOPs per training example (forward 2S + weight gradients 2S + deltas 2S' + update 2S/m):")
    print()
    print("| network | layers | batch | forward | ∂C/∂W | deltas | update | total/example | GFLOP/epoch (50,000) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, layers, batch in networks:
        sizes = [int(x) for x in layers.split(",")]
        f = flops_per_example(sizes, int(batch))
        total = sum(f.values())
        print(f"| {name} | {layers} | {batch} | {f['forward']:,} | {f['weights']:,} | {f['deltas']:,} "
              f"| {f['update']:,.0f} | {total:,.0f} | {total * EPOCH_EXAMPLES / 1e9:.2f} |")
    print()
    print("Peak: best of 12 numpy matmuls of 2048x2048 (2·2048³ FLOP) through OpenBLAS:")
    for t in sorted(peaks):
        print(f"  {t} thread{'s' if t > 1 else ''}: sgemm {peaks[t][0]:.0f} GFLOP/s, dgemm {peaks[t][1]:.0f} GFLOP/s")
    print()
    print("| network | system | threads | s/epoch | speed vs PyTorch 1T | GFLOP/s | % of sgemm peak | first epoch s "
          "| test acc. after epoch 1 | others' CPU | note |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, layers, batch in networks:
        sizes = [int(x) for x in layers.split(",")]
        work = epoch_flops(sizes, int(batch))
        mine = [r for r in rows if r[0] == name]
        torch1 = [float(r[6]) for r in mine if r[3] == "PyTorch CPU" and r[4] == "1"]
        for r in mine:
            system, threads, precision = r[3], int(r[4]), r[5]
            seconds, first, train_size, others, accuracy = float(r[6]), float(r[7]), int(r[8]), float(r[9]), r[10]
            gflops = work / seconds / 1e9
            peak = peaks.get(threads, (float("nan"),))[0]
            ratio = f"{torch1[0] / seconds:.2f}x" if torch1 else "-"
            notes = [precision]
            if train_size != EPOCH_EXAMPLES:
                notes.append(f"timed on {train_size:,} examples, scaled x{EPOCH_EXAMPLES / train_size:g}")
            if others > 0.15:
                notes.append("disturbed by other processes")
            print(f"| {name} | {system} | {threads} | {fmt_seconds(seconds)} | {ratio} | {gflops:.1f} "
                  f"| {100 * gflops / peak:.1f}% | {fmt_seconds(first)} | {accuracy} | {others:.2f} "
                  f"| {'; '.join(notes)} |")
    print()
    print("s/epoch: median of the epochs after the first (JIT and cache warm-up), training loop only "
          "(shuffling and evaluation excluded). Speed vs PyTorch 1T: PyTorch's s/epoch divided by this row's "
          "(above 1 = faster). % of sgemm peak: against the peak with the same number of threads. "
          "Others' CPU: cores used by other processes while the row was measured, averaged (0 = quiet machine).")


if __name__ == "__main__":
    main()
    if len(sys.argv) > 3:
        conv_rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[3]) if line.strip()]
        if conv_rows:
            conv_peaks = {}
            for line in open(sys.argv[2]):
                if line.strip():
                    t, s, d = line.split("\t")
                    conv_peaks[int(t)] = (float(s), float(d))
            print()
            conv_report(conv_rows, conv_peaks)
