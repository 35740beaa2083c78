package backprop.data;

import backprop.testing.ByteMutator;
import backprop.testing.ReaderFuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV files from anywhere (text in other encodings, binary files, quotes that never close, ragged
 * rows) are read or refused with a {@link CsvFormatException}, at a cost in proportion to their size.
 */
class CsvReaderFuzzTest {
    /** Reading takes about a microsecond and a few hundred bytes of garbage per byte of CSV. */
    private static final ReaderFuzzer.Budget BUDGET = new ReaderFuzzer.Budget(2_000, 50_000, 16 << 20, 4_000);
    private static final List<String> SEEDS = List.of(
            "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n"
                    + "7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n",
            "1,2,0\n3,4,1\n0.5,-0.25,0\n1e-3,2E+2,1\n",
            "\"a\",\"b, quoted\",label\r\n1,\"2\",x\r\n3,4,\"y\"\r\n",
            "x;y;z\n1;2;3\n");
    private static final List<String> TOKENS = List.of(",", "\"", "\n", "\r\n", "\r", "NaN", "Infinity", "1e999",
            "-", ".", "label", "\uFEFF", "\u0000", "\u00e9", "\"\"", ",,,,,,,,,,", "\t", " ");

    @TempDir
    Path directory;

    @Test
    void anyCsvFileIsReadOrRefusedAsACsvFormatErrorAtACostInProportionToItsSize() {
        List<byte[]> seeds = SEEDS.stream().map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
        List<byte[]> tokens = new ArrayList<>(TOKENS.stream()
                .map(token -> token.getBytes(StandardCharsets.UTF_8)).toList());
        tokens.add(new byte[] {(byte) 0xE9});
        tokens.add(new byte[] {(byte) 0xFF, (byte) 0xFE});
        ByteMutator inputs = new ByteMutator(ReaderFuzzer.seed(), seeds, tokens);

        ReaderFuzzer.check("CSV", directory, ReaderFuzzer.iterations(600), inputs::next, CsvFormatException.class,
                BUDGET, file -> CsvReader.read(file, null));
    }
}
