package backprop.image;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Untrusted bytes into {@link DigitImage#decode}: valid PNG, JPEG, GIF and BMP files mutated by seeded
 * byte mutators (flips, interesting values, cuts, repeats, insertions, huge dimensions written into
 * their headers), and generated PNGs declaring any size, depth and colour type. Whatever comes in, the
 * answer is 784 inputs in [0, 1], or the decoder's documented errors ({@link IOException} naming the
 * image, {@link BlankImageException}), within a bound on processor time and on allocation that grows with
 * the input's size. Processor time, not elapsed time: the bound is on the work an input causes, which
 * other processes on a busy machine do not change.
 */
class ImageDecodingFuzzTest {
    static final int MUTATIONS_PER_SEED = 120;
    /** Decoding within the limits takes about a second of processor time at worst. */
    static final long MAX_CPU_MILLIS = 5_000;
    /** The decoded picture is at most 2048 x 2048 x 64 bits (32 MB); preprocessing adds a few copies of 1024 x 1024 floats. */
    static final long MAX_ALLOCATED_BYTES = 512L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void mutatedImagesOfEveryFormatGiveInputsOrTheDocumentedErrors() {
        long seed = 20261201L;
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Seed original : seeds()) {
            for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                byte[] mutated = mutate(original, random);
                check(original.format + " mutation " + i + " (seed " + seed + ")", mutated, failures);
                cases++;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " failed:\n" + String.join("\n", failures));
    }

    @Test
    void generatedPngsOfAnyDeclaredSizeGiveInputsOrTheDocumentedErrors() {
        Random random = new Random(7);
        int[] depths = {1, 2, 4, 8, 16};
        int[] types = {HostileImages.GRAY, HostileImages.RGB, HostileImages.PALETTE, HostileImages.RGBA};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Sides from 1 to 100,000 on a log scale: most small, some huge, some within the limits but costly.
            int width = (int) Math.exp(random.nextDouble() * Math.log(100_000));
            int height = (int) Math.exp(random.nextDouble() * Math.log(100_000));
            int type = types[random.nextInt(types.length)];
            int depth = type == HostileImages.PALETTE ? 8 : type == HostileImages.GRAY ? depths[random.nextInt(5)]
                    : 8 << random.nextInt(2);
            long decodedBytes = (long) width * height * depth / 8 * (type == HostileImages.RGBA ? 4 : type == HostileImages.RGB ? 3 : 1);
            if (decodedBytes > 8L << 30) {
                // Writing the file itself would take minutes; the header check is the same as for smaller ones.
                height = Math.max(1, (int) (height / (decodedBytes / (8L << 30) + 1)));
            }
            byte[] png = HostileImages.zeroPng(width, height, depth, type);
            check(width + " x " + height + " depth " + depth + " type " + type, png, failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theMutatorsReallyChangeTheFiles() {
        Random random = new Random(1);
        for (Seed seed : seeds()) {
            int changed = 0;
            for (int i = 0; i < 20; i++) {
                changed += Arrays.equals(seed.bytes, mutate(seed, random)) ? 0 : 1;
            }
            assertTrue(changed >= 18, seed.format + ": " + changed);
        }
    }

    /** One input: the property, or a line saying how it failed. */
    static void check(String label, byte[] input, List<String> failures) {
        long thread = Thread.currentThread().threadId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
        long started = THREADS.getThreadCpuTime(thread);
        try {
            double[] pixels = DigitImage.decode(input, "fuzz");
            assertEquals(DigitImage.PIXELS, pixels.length);
            for (double p : pixels) {
                if (!(p >= 0 && p <= 1)) {
                    failures.add(label + ": pixel " + p + " outside [0, 1]");
                    break;
                }
            }
        } catch (BlankImageException e) {
            if (!e.getMessage().startsWith("no ink found")) {
                failures.add(label + ": blank with message " + e.getMessage());
            }
        } catch (IOException e) {
            if (!e.getMessage().startsWith("fuzz: ")) {
                failures.add(label + ": message does not name the image: " + e.getMessage());
            }
        } catch (Throwable e) {
            failures.add(label + ": " + e);
        }
        long millis = (THREADS.getThreadCpuTime(thread) - started) / 1_000_000;
        long allocated = THREADS.getThreadAllocatedBytes(thread) - allocatedBefore;
        long timeBound = MAX_CPU_MILLIS + input.length / 1000;
        if (millis > timeBound) {
            failures.add(label + ": took " + millis + " ms of processor time for " + input.length + " bytes");
        }
        if (allocated > MAX_ALLOCATED_BYTES + 64L * input.length) {
            failures.add(label + ": allocated " + (allocated >> 20) + " MB for " + input.length + " bytes");
        }
    }

    record Seed(String format, byte[] bytes) {
    }

    static List<Seed> seeds() {
        BufferedImage digit = DigitPictures.draw(DigitPictures.Shape.SEVEN, 64, Color.BLACK, Color.WHITE);
        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        rgb.createGraphics().drawImage(digit, 0, 0, null);
        return List.of(new Seed("png", HostileImages.encode(digit, "png")),
                new Seed("jpeg", HostileImages.encode(rgb, "jpeg")),
                new Seed("progressive jpeg", HostileImages.progressiveJpeg(rgb)),
                new Seed("gif", HostileImages.encode(rgb, "gif")),
                new Seed("bmp", HostileImages.encode(rgb, "bmp")),
                new Seed("palette png", HostileImages.zeroPng(64, 64, 8, HostileImages.PALETTE)));
    }

    /** One to three mutations of the seed's bytes. */
    static byte[] mutate(Seed seed, Random random) {
        byte[] bytes = seed.bytes.clone();
        int count = 1 + random.nextInt(3);
        for (int m = 0; m < count; m++) {
            bytes = switch (random.nextInt(7)) {
                case 0 -> flipBits(bytes, random);
                case 1 -> interestingByte(bytes, random);
                case 2 -> Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
                case 3 -> repeatSlice(bytes, random);
                case 4 -> insertRandom(bytes, random);
                default -> hugeDimension(seed.format, bytes, random);
            };
        }
        return bytes;
    }

    private static byte[] flipBits(byte[] bytes, Random random) {
        for (int i = 0, n = 1 + random.nextInt(8); i < n && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private static byte[] interestingByte(byte[] bytes, Random random) {
        byte[] values = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1};
        if (bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = values[random.nextInt(values.length)];
        }
        return bytes;
    }

    private static byte[] repeatSlice(byte[] bytes, Random random) {
        if (bytes.length < 2) {
            return bytes;
        }
        int from = random.nextInt(bytes.length - 1);
        int length = 1 + random.nextInt(Math.min(256, bytes.length - from));
        int times = 1 + random.nextInt(50);
        byte[] out = new byte[bytes.length + length * times];
        System.arraycopy(bytes, 0, out, 0, from + length);
        for (int t = 0; t < times; t++) {
            System.arraycopy(bytes, from, out, from + length * (t + 1), length);
        }
        System.arraycopy(bytes, from + length, out, from + length * (times + 1), bytes.length - from - length);
        return out;
    }

    private static byte[] insertRandom(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(16)];
        random.nextBytes(inserted);
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    /** Writes a large width or height where the format keeps it (the PNG header's CRC is left stale at times). */
    private static byte[] hugeDimension(String format, byte[] bytes, Random random) {
        int[] sizes = {0, 1, 30_000, 30_001, 65_535, 100_000, Integer.MAX_VALUE, -1, 7071, 50_000};
        int size = sizes[random.nextInt(sizes.length)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            switch (format) {
                case "png", "palette png" -> {
                    buffer.putInt(16 + 4 * random.nextInt(2), size);
                    if (random.nextBoolean()) {
                        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                        crc.update(bytes, 12, 17);
                        buffer.putInt(29, (int) crc.getValue());
                    }
                }
                case "gif" -> {
                    buffer.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    int descriptor = indexOf(bytes, (byte) 0x2C, 13);
                    int at = random.nextBoolean() || descriptor < 0 ? 6 + 2 * random.nextInt(2) : descriptor + 5 + 2 * random.nextInt(2);
                    buffer.putShort(at, (short) size);
                }
                case "bmp" -> {
                    buffer.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    buffer.putInt(18 + 4 * random.nextInt(2), size);
                }
                default -> {
                    int frame = indexOf(bytes, (byte) 0xC0, 2);
                    frame = frame < 0 ? indexOf(bytes, (byte) 0xC2, 2) : frame;
                    if (frame > 0 && bytes[frame - 1] == (byte) 0xFF) {
                        buffer.putShort(frame + 4 + 2 * random.nextInt(2), (short) size);
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // A file already cut shorter than its header: nothing to write.
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
