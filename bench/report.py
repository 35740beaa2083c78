#!/usr/bin/python3
"""Turns bench/run's measurements into the side-by-side table (Markdown), with FLOP counts.

    report.py ROWS.tsv PEAKS.tsv

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
"""
import sys

EPOCH_EXAMPLES = 50_000


def flops_per_example(sizes, batch):
    pairs = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    s, s_hidden = sum(pairs), sum(pairs[1:])
    return {"forward": 2 * s, "weights": 2 * s, "deltas": 2 * s_hidden, "update": 2 * s / batch}


def epoch_flops(sizes, batch):
    return sum(flops_per_example(sizes, batch).values()) * EPOCH_EXAMPLES


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
