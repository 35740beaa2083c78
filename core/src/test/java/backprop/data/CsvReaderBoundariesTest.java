package backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CsvReader} where its rules have edges: the label column away from the ends, files larger than
 * its buffers, byte order marks, and the smallest files it takes or refuses.
 */
class CsvReaderBoundariesTest {
    @TempDir
    Path directory;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    private Path csv(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private String problem(Path file, String labelColumn) {
        return assertThrows(CsvFormatException.class, () -> CsvReader.read(file, labelColumn)).problem();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "kind", "KIND"})
    void aLabelColumnInTheMiddleLeavesTheColumnsAroundItAsFeatures(String column) throws IOException {
        CsvTable table = CsvReader.read(csv("middle.csv", "a,kind,b\n1,x,2\n3,y,4\n5,x,6\n"), column);

        assertEquals(1, table.labelColumn());
        assertEquals("kind", table.labelColumnName());
        assertEquals(2, table.inputSize());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, table.features());
        assertEquals(List.of("x", "y", "x"), table.labels());
    }

    @Test
    void theLastColumnCanBeNamedByItsNumber() throws IOException {
        CsvTable table = CsvReader.read(csv("plain.csv", "1,2,0\n3,4,1\n"), "3");

        assertEquals(2, table.labelColumn());
        assertArrayEquals(new float[] {1, 2, 3, 4}, table.features());
    }

    @Test
    void aMiddleLabelColumnByNumberWorksWithoutAHeader() throws IOException {
        CsvTable table = CsvReader.read(csv("plain.csv", "1,0,2\n3,1,4\n"), "2");

        assertEquals(List.of(), table.header());
        assertEquals(List.of("0", "1"), table.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4}, table.features());
    }

    @Test
    void twoColumnsAreOneFeatureAndTheLabel() throws IOException {
        CsvTable table = CsvReader.read(csv("pairs.csv", "0.5,1\n-2,0\n"), null);

        assertEquals(1, table.inputSize());
        assertArrayEquals(new float[] {0.5f, -2f}, table.features());
    }

    @Test
    void manyRowsAreReadWhole() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            rows.append(i).append(',').append(-i).append(',').append(i % 3).append('\n');
        }
        CsvTable table = CsvReader.read(csv("many.csv", rows.toString()), null);

        assertEquals(3000, table.size());
        for (int i = 0; i < 3000; i++) {
            assertEquals(i, table.features()[2 * i]);
            assertEquals(-i, table.features()[2 * i + 1]);
            assertEquals(Integer.toString(i % 3), table.labels().get(i));
            assertEquals(i + 1, table.lines()[i]);
        }
    }

    @Test
    void aByteOrderMarkBeforeNumbersIsNotTakenForAHeader() throws IOException {
        CsvTable table = CsvReader.read(csv("bom.csv", "\uFEFF1,2,0\n3,4,1\n"), null);

        assertEquals(List.of(), table.header());
        assertEquals(2, table.size());
        assertArrayEquals(new float[] {1, 2, 3, 4}, table.features());
    }

    @Test
    void aByteOrderMarkLaterThanTheFirstLineIsNoNumber() throws IOException {
        assertEquals("line 2, column 1: '\uFEFF3' is not a number",
                problem(csv("late-bom.csv", "1,2,0\n\uFEFF3,4,1\n"), null));
    }

    @Test
    void aFirstRowWithATextLabelOverAShorterRowIsARaggedRowNotACrash() throws IOException {
        assertEquals("line 2 has 2 fields, expected 3 as in the first row",
                problem(csv("short.csv", "1,2,x\n3,4\n"), null));
    }

    @Test
    void aNulByteAtTheStartOfALineBeyondTheFirstBytesIsBinaryData() throws IOException {
        String rows = "1,2,0\n".repeat(100) + "\u0000,2,0\n";

        assertEquals("not a text CSV file: line 101 holds binary data (a NUL byte)", problem(csv("nul.csv", rows), null));
    }

    @Test
    void bigEndianUtf16IsAskedForInUtf8Too() throws IOException {
        assertEquals("not a CSV file in UTF-8: it is UTF-16 text (save it as UTF-8)",
                problem(file("be.csv", "\uFEFF1,2,0\n".getBytes(StandardCharsets.UTF_16BE)), null));
        assertEquals("not a CSV file in UTF-8: it is UTF-16 text (save it as UTF-8)",
                problem(file("bom-only.csv", new byte[] {(byte) 0xFF, (byte) 0xFE}), null));
    }

    @Test
    void oneByteThatIsNotUtf8IsOnTheFirstLine() throws IOException {
        assertEquals("not a text CSV file in UTF-8: line 1 holds bytes that are not UTF-8 text (if it is text, "
                + "save it as UTF-8)", problem(file("one.csv", new byte[] {(byte) 0xFF}), null));
    }

    @Test
    void aBadByteBeyondTheFirstBufferIsFoundOnItsLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("1,2,0\n".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'5', ',', '6', ',', (byte) 0xE9, '\n'});
        bytes.writeBytes("1,2,0\n".repeat(10).getBytes(StandardCharsets.UTF_8));

        assertEquals("not a text CSV file in UTF-8: line 20001 holds bytes that are not UTF-8 text (if it is text, "
                + "save it as UTF-8)", problem(file("late.csv", bytes.toByteArray()), null));
    }

    @Test
    void aSequenceCutOffAtTheEndOfTheFileIsNotUtf8() throws IOException {
        byte[] text = "1,2,0\n3,4,1\n5,6,".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(text, text.length + 1);
        cut[text.length] = (byte) 0xC3;

        assertEquals("not a text CSV file in UTF-8: line 3 holds bytes that are not UTF-8 text (if it is text, "
                + "save it as UTF-8)", problem(file("cut.csv", cut), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "-", "+", "e", "E", ".e-", "1-2", "1e", "--1", "1.2.3", "1 2", "0x1", "1f", "NaN"})
    void textThatIsNoDecimalNumberIsNotANumber(String text) {
        assertFalse(CsvReader.isNumber(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.5", "+.5", "1E3", "2e-3", "7.", "10000000000"})
    void decimalNumbersAreNumbers(String text) {
        assertTrue(CsvReader.isNumber(text), text);
    }

    @Test
    void onlyNamesEndingInDotCsvAreCsvFiles() {
        assertTrue(CsvReader.isCsv("iris.csv"));
        assertTrue(CsvReader.isCsv("DATA.CSV"));
        assertFalse(CsvReader.isCsv("mnist"));
        assertFalse(CsvReader.isCsv("table.csv.gz"));
        assertFalse(CsvReader.isCsv("csv"));
    }
}
