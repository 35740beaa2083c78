package backprop.testing;

import backprop.nn.SeededRandom;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded mutations of valid files into hostile ones, for fuzz tests of the readers: bit flips, edge
 * values, cut, doubled and spliced ranges, a header field set to an extreme, a format's own tokens
 * inserted or repeated (a thousand '[' nest a JSON file beyond any sane depth). The same seed always
 * gives the same sequence of inputs, so a failure is replayed by its seed.
 */
public final class ByteMutator {
    private static final int[] EDGE_BYTES = {0, 0xFF, 0x7F, 0x80, 0x01, '0', '9', '-', '"', '\\', '\n', '\r', ','};
    private static final int[] EDGE_INTS = {0, -1, 1, 0x7FFFFFFF, 0x80000000, 0x7FFFFFF7, 0x10000, 0x1000000,
            60000, 784, 28};

    private final SeededRandom random;
    private final List<byte[]> seeds;
    private final List<byte[]> tokens;

    /**
     * @param seeds  valid inputs to start from (at least one)
     * @param tokens pieces of the format worth inserting whole ({@code "weights"}, {@code 1e999},
     *               {@code ustar}); may be empty
     */
    public ByteMutator(long seed, List<byte[]> seeds, List<byte[]> tokens) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed inputs to mutate");
        }
        this.random = new SeededRandom(seed);
        this.seeds = List.copyOf(seeds);
        this.tokens = List.copyOf(tokens);
    }

    /** The next input: a seed, unchanged about one time in sixteen, else with one to four mutations stacked. */
    public byte[] next() {
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        if (random.nextInt(16) == 0) {
            return input;
        }
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            input = mutate(input);
        }
        return input;
    }

    private byte[] mutate(byte[] input) {
        int kind = random.nextInt(tokens.isEmpty() ? 7 : 9);
        if (input.length == 0 && kind < 6) {
            return new byte[] {(byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)]};
        }
        return switch (kind) {
            case 0 -> flipBit(input);
            case 1 -> setEdgeByte(input);
            case 2 -> setEdgeInt(input);
            case 3 -> deleteRange(input);
            case 4 -> duplicateRange(input);
            case 5 -> Arrays.copyOf(input, random.nextInt(input.length));
            case 6 -> splice(input);
            case 7 -> insert(input, tokens.get(random.nextInt(tokens.size())), 1);
            default -> insert(input, tokens.get(random.nextInt(tokens.size())), 1 + random.nextInt(3000));
        };
    }

    private byte[] flipBit(byte[] input) {
        input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
        return input;
    }

    private byte[] setEdgeByte(byte[] input) {
        input[random.nextInt(input.length)] = (byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
        return input;
    }

    /** A big-endian int at a position a header field may sit at: IDX sizes, tar octal fields alike. */
    private byte[] setEdgeInt(byte[] input) {
        if (input.length < 4) {
            return flipBit(input);
        }
        int at = random.nextInt(2) == 0 ? 4 * random.nextInt(Math.min(input.length / 4, 8))
                : random.nextInt(input.length - 3);
        int value = EDGE_INTS[random.nextInt(EDGE_INTS.length)];
        for (int i = 0; i < 4; i++) {
            input[at + i] = (byte) (value >>> (24 - 8 * i));
        }
        return input;
    }

    private byte[] deleteRange(byte[] input) {
        int from = random.nextInt(input.length);
        int to = from + 1 + random.nextInt(Math.min(input.length - from, 64));
        byte[] out = new byte[input.length - (to - from)];
        System.arraycopy(input, 0, out, 0, from);
        System.arraycopy(input, to, out, from, input.length - to);
        return out;
    }

    private byte[] duplicateRange(byte[] input) {
        int from = random.nextInt(input.length);
        int length = 1 + random.nextInt(Math.min(input.length - from, 512));
        return insert(input, Arrays.copyOfRange(input, from, from + length), 1 + random.nextInt(4));
    }

    /** The start of {@code input} joined to the end of another seed: fields from one file in another. */
    private byte[] splice(byte[] input) {
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int cut = random.nextInt(input.length + 1);
        int from = random.nextInt(other.length + 1);
        byte[] out = Arrays.copyOf(input, cut + other.length - from);
        System.arraycopy(other, from, out, cut, other.length - from);
        return out;
    }

    private byte[] insert(byte[] input, byte[] piece, int times) {
        int at = random.nextInt(input.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + piece.length * times);
        out.write(input, 0, at);
        for (int i = 0; i < times; i++) {
            out.write(piece, 0, piece.length);
        }
        out.write(input, at, input.length - at);
        return out.toByteArray();
    }
}
