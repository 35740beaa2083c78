package backprop.data;

import backprop.nn.SeededRandom;
import backprop.testing.ByteMutator;
import backprop.testing.ReaderFuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static backprop.data.IdxTestFiles.gzip;

/**
 * IDX files from anywhere, raw or gzipped, damaged or hostile (a header promising two gigabytes, a gzip
 * stream cut short), are read or refused with an {@link IdxFormatException}, at a cost in proportion to
 * their size: {@link ReaderFuzzer}'s property over mutations of valid files.
 */
class IdxReaderFuzzTest {
    /**
     * Reading takes about a microsecond per byte; memory is the data plus, for gzip, its expansion (at most
     * about 1032 times the compressed size), so the allowance per byte is gzip's bound with room to spare.
     */
    private static final ReaderFuzzer.Budget BUDGET = new ReaderFuzzer.Budget(2_000, 50_000, 16 << 20, 4_000);
    private static final List<byte[]> TOKENS = List.of(new byte[] {0, 0, 8, 3}, new byte[] {0, 0, 8, 1},
            new byte[] {0x1F, (byte) 0x8B, 8, 0}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            new byte[] {0, 0, 0, 0}, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF7});

    @TempDir
    Path directory;

    /** Mutated files, a third of them gzipped after mutation so that the IDX parser sees hostile headers too. */
    private static Supplier<byte[]> inputs(long seed, List<byte[]> valid) {
        List<byte[]> seeds = new ArrayList<>(valid);
        valid.forEach(file -> seeds.add(gzip(file)));
        ByteMutator mutator = new ByteMutator(seed, seeds, TOKENS);
        SeededRandom gzipOrNot = new SeededRandom(seed);
        return () -> gzipOrNot.nextInt(3) == 0 ? gzip(mutator.next()) : mutator.next();
    }

    @Test
    void anyImageFileIsReadOrRefusedAsAnIdxFormatErrorAtACostInProportionToItsSize() {
        Supplier<byte[]> inputs = inputs(ReaderFuzzer.seed(), List.of(IdxTestFiles.images(3, 4, 5),
                IdxTestFiles.images(1, 1, 1), IdxTestFiles.images(20, 28, 28)));

        ReaderFuzzer.check("IDX images", directory, ReaderFuzzer.iterations(600), inputs, IdxFormatException.class,
                BUDGET, IdxReader::readImages);
    }

    @Test
    void anyLabelFileIsReadOrRefusedAsAnIdxFormatErrorAtACostInProportionToItsSize() {
        Supplier<byte[]> inputs = inputs(ReaderFuzzer.seed() + 1, List.of(IdxTestFiles.cyclingLabels(25),
                IdxTestFiles.labels(3), IdxTestFiles.labels(0, 255, 9, 10)));

        ReaderFuzzer.check("IDX labels", directory, ReaderFuzzer.iterations(600), inputs, IdxFormatException.class,
                BUDGET, IdxReader::readLabels);
    }
}
