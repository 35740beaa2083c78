package backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

/** {@link CsvReader}, {@link LabelEncoding} and {@link Standardization} on small files written by the tests. */
class CsvReaderTest {
    @TempDir
    Path directory;

    private Path csv(String name, String... lines) throws IOException {
        return Files.writeString(directory.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static float[] row(CsvTable table, int i) {
        float[] values = new float[table.inputSize()];
        System.arraycopy(table.features(), i * table.inputSize(), values, 0, table.inputSize());
        return values;
    }

    private CsvFormatException rejected(Path file, String labelColumn) {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.read(file, labelColumn));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private void assertRejected(String expected, String... lines) throws IOException {
        CsvFormatException e = rejected(csv("bad.csv", lines), null);
        assertTrue(e.problem().contains(expected), () -> "expected\n  " + expected + "\nin\n  " + e.problem());
    }

    private String problemOf(byte[] content) throws IOException {
        return rejected(Files.write(directory.resolve("data.csv"), content), null).problem();
    }

    @Test
    void aBinaryFileIsNotATextCsvFileRatherThanInputLengthOne() throws IOException {
        byte[] everyByte = new byte[1024];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }

        assertEquals("not a text CSV file: it holds binary data (NUL bytes)", problemOf(everyByte));
    }

    @Test
    void aGzippedOrZippedCsvFileIsNamedForWhatItIs() throws IOException {
        assertEquals("not a text CSV file: it is gzip-compressed data (decompress or unpack it first)",
                problemOf(IdxTestFiles.gzip("1,2,0\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("not a text CSV file: it is a zip archive (decompress or unpack it first)",
                problemOf(new byte[] {'P', 'K', 3, 4, 10, 0}));
        assertEquals("not a text CSV file: it is a PNG image",
                problemOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}));
    }

    @Test
    void textInAnotherEncodingIsNamedByItsFirstLineThatIsNotUtf8() throws IOException {
        String rows = "a,b,label\n" + "1,2,x\n".repeat(6000) + "3,4,caf\u00e9\n";

        assertEquals("not a text CSV file in UTF-8: line 6002 holds bytes that are not UTF-8 text (if it is text, "
                + "save it as UTF-8)", problemOf(rows.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void utf16TextIsAskedForInUtf8() throws IOException {
        assertEquals("not a CSV file in UTF-8: it is UTF-16 text (save it as UTF-8)",
                problemOf("\uFEFF1,2,0\n".getBytes(StandardCharsets.UTF_16LE)));
    }

    @Test
    void aNulByteFurtherOnIsBinaryDataOnItsLine() throws IOException {
        String rows = "1,2,0\n".repeat(200) + "1,\u0000,0\n";

        assertEquals("not a text CSV file: line 201 holds binary data (a NUL byte)",
                problemOf(rows.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aHeaderAndNamedLabelsInTheLastColumnAreRead() throws IOException {
        CsvTable table = CsvReader.read(csv("iris.csv",
                "sepal_length,sepal_width,species",
                "5.1,3.5,setosa",
                "7.0,3.2,versicolor",
                "6.3,3.3,virginica",
                "4.9,3.0,setosa"), null);

        assertEquals(List.of("sepal_length", "sepal_width", "species"), table.header());
        assertEquals(2, table.inputSize());
        assertEquals(4, table.size());
        assertArrayEquals(new float[] {7.0f, 3.2f}, row(table, 1));
        assertEquals(List.of("setosa", "versicolor", "virginica", "setosa"), table.labels());
        assertArrayEquals(new int[] {2, 3, 4, 5}, table.lines());
        assertEquals("species", table.labelColumnName());
    }

    @Test
    void namedLabelsAreNumberedInTheOrderTheyFirstAppear() throws IOException {
        CsvTable table = CsvReader.read(csv("iris.csv", "a,b,species", "1,2,virginica", "3,4,setosa", "5,6,virginica"), null);
        LabelEncoding labels = LabelEncoding.of(table);

        assertEquals(List.of("virginica", "setosa"), labels.names());
        assertArrayEquals(new int[] {0, 1, 0}, labels.encode(table));
    }

    @Test
    void withoutAHeaderWholeNumberLabelsAreTheClasses() throws IOException {
        CsvTable table = CsvReader.read(csv("digits.csv", "0.5,1,2", "0.25,0,0", "1e-3,-2,1"), null);
        LabelEncoding labels = LabelEncoding.of(table);

        assertEquals(List.of(), table.header());
        assertEquals(3, labels.classCount(), "the largest label, 2, plus one");
        assertArrayEquals(new int[] {2, 0, 1}, labels.encode(table));
        assertArrayEquals(new float[] {0.001f, -2f}, row(table, 2));
        assertEquals("column 3", table.labelColumnName());
    }

    @Test
    void aHeaderOverNumericLabelsIsRecognizedByTheRowAfterIt() throws IOException {
        CsvTable table = CsvReader.read(csv("digits.csv", "0,1,class", "0.5,1,2", "0.25,0,0"), null);

        assertEquals(List.of("0", "1", "class"), table.header());
        assertEquals(2, table.size());
    }

    @Test
    void namedLabelsWithoutAHeaderStartAtTheFirstRow() throws IOException {
        CsvTable table = CsvReader.read(csv("iris.csv", "5.1,3.5,setosa", "7.0,3.2,versicolor"), null);

        assertEquals(List.of(), table.header());
        assertEquals(List.of("setosa", "versicolor"), table.labels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"species", "SPECIES", "1"})
    void theLabelColumnIsNamedByHeaderOrByNumberFromOne(String column) throws IOException {
        CsvTable table = CsvReader.read(csv("first.csv", "species,a,b", "setosa,1,2", "versicolor,3,4"), column);

        assertEquals(0, table.labelColumn());
        assertArrayEquals(new float[] {3, 4}, row(table, 1));
        assertEquals(List.of("setosa", "versicolor"), table.labels());
    }

    @Test
    void aLabelColumnNameNotInTheHeaderListsTheColumns() throws IOException {
        CsvFormatException e = rejected(csv("iris.csv", "a,b,species", "1,2,x"), "kind");
        assertEquals("no column named 'kind' in the header (columns: a, b, species)", e.problem());
    }

    @Test
    void aLabelColumnNameNeedsAHeader() throws IOException {
        CsvFormatException e = rejected(csv("plain.csv", "1,2,0", "3,4,1"), "species");
        assertTrue(e.problem().contains("no header row, so the label column must be given by number (1 to 3)"),
                e.problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4", "99999999999"})
    void aLabelColumnNumberOutsideTheRowsIsRefused(String column) throws IOException {
        CsvFormatException e = rejected(csv("plain.csv", "1,2,0", "3,4,1"), column);
        assertTrue(e.problem().contains("there is no column " + column + " for the label: the rows have 3 columns"),
                e.problem());
    }

    @Test
    void aRaggedRowIsReportedWithItsLine() throws IOException {
        assertRejected("line 3 has 2 fields, expected 3 as in the first row", "1,2,0", "3,4,1", "5,1");
    }

    @Test
    void aValueThatIsNotANumberIsReportedWithItsLineAndColumn() throws IOException {
        assertRejected("line 3, column 2 (width): 'abc' is not a number", "height,width,label", "1,2,0", "3,abc,1");
    }

    @ParameterizedTest
    @CsvSource({"NaN", "Infinity", "-inf", "nan"})
    void nanAndInfinityAreRefusedWithTheirLineAndColumn(String value) throws IOException {
        assertRejected("line 2, column 1: " + value + " is not allowed; features must be finite numbers",
                "1,2,0", value + ",4,1");
    }

    @Test
    void aNanInTheFirstRowIsABadNumberNotAHeader() throws IOException {
        assertRejected("line 1, column 1: NaN is not allowed", "NaN,2,0", "3,4,1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1f", "0x1p3", "1d", "1,5"})
    void numbersJavaWouldTakeButCsvToolsWouldNotAreRefused(String value) throws IOException {
        CsvFormatException e = rejected(csv("odd.csv", "1,2,0", "\"" + value + "\",4,1"), null);
        assertTrue(e.problem().contains("line 2, column 1: '" + value + "' is not a number"), e.problem());
    }

    @Test
    void aNumberTooLargeForAFloatIsRefused() throws IOException {
        assertRejected("line 1, column 2: 1e39 is too large", "1,1e39,0");
    }

    @Test
    void anEmptyValueIsRefused() throws IOException {
        assertRejected("line 2, column 2: the value is empty", "1,2,0", "3,,1");
    }

    @Test
    void anEmptyLabelIsRefused() throws IOException {
        assertRejected("line 2, column 3: the label is empty", "1,2,0", "3,4,");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        CsvFormatException e = rejected(Files.writeString(directory.resolve("empty.csv"), "\n  \n"), null);
        assertTrue(e.problem().startsWith("the file is empty"), e.problem());
    }

    @Test
    void aHeaderWithoutRowsIsRefused() throws IOException {
        assertRejected("there are no rows of data after the header", "a,b,label");
    }

    @Test
    void aSingleColumnIsRefused() throws IOException {
        assertRejected("line 1 has 1 column; expected feature columns and a label column", "1", "2");
    }

    @Test
    void aQuoteThatIsNotClosedIsRefused() throws IOException {
        assertRejected("line 2 has a quote that is not closed", "1,2,a", "3,4,\"b");
    }

    @Test
    void blankLinesAreSkippedAndLinesStillCountFromTheFile() throws IOException {
        Path file = csv("gaps.csv", "\uFEFFa,b,label", "", "1,2,x", "   ", "3,q,y");
        CsvFormatException e = rejected(file, null);
        assertEquals("line 5, column 2 (b): 'q' is not a number", e.problem());
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() throws IOException {
        CsvTable table = CsvReader.read(csv("quoted.csv", "\"x, cm\",label", "\"1.5\",\"red, \"\"dark\"\"\""), null);

        assertEquals(List.of("x, cm", "label"), table.header());
        assertEquals(List.of("red, \"dark\""), table.labels());
        assertArrayEquals(new float[] {1.5f}, row(table, 0));
    }

    @ParameterizedTest
    @CsvSource({"-1, is out of range: the classes are 0..9999 at most", "1.5, is not a whole number",
            "10000, is out of range"})
    void numberLabelsMustBeClassNumbers(String label, String expected) throws IOException {
        CsvTable table = CsvReader.read(csv("labels.csv", "1,2,0", "3,4," + label), null);
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> LabelEncoding.of(table));
        assertTrue(e.problem().startsWith("line 2: the label " + label + " " + expected), e.problem());
    }

    @Test
    void openSplitsOffTheLastSixthForValidationAndLeavesTheTestSplitEmptyWithoutATestFile() throws IOException {
        String[] lines = new String[13];
        lines[0] = "x,y,label";
        for (int i = 1; i < lines.length; i++) {
            lines[i] = i + "," + (2 * i) + "," + (i % 3 == 0 ? "three" : "other");
        }
        CsvReader.CsvSplits data = CsvReader.open(csv("numbers.csv", lines), null, null, null);

        assertEquals(10, data.splits().training().size());
        assertEquals(2, data.splits().validation().size());
        assertEquals(0, data.splits().test().size());
        assertEquals("numbers training", data.splits().training().name());
        assertArrayEquals(new double[] {11, 22}, data.splits().validation().input(0));
        assertEquals(List.of("other", "three"), data.labels().names());
        assertEquals("label", data.labelColumnName());
    }

    @Test
    void aTestFileIsEncodedWithTheTrainingFilesClasses() throws IOException {
        Path training = csv("train.csv", "1,2,b", "3,4,a", "5,6,b");
        Path test = csv("test.csv", "7,8,a", "9,10,b");
        CsvReader.CsvSplits data = CsvReader.open(training, test, null, null);

        assertEquals(2, data.splits().test().size());
        assertEquals("test", data.splits().test().name(), "named after its own file");
        assertEquals(1, data.splits().test().label(0), "a is the second class to appear in train.csv");
        assertEquals(0, data.splits().test().label(1));
    }

    @Test
    void aTestLabelTheTrainingFileNeverHadIsRefused() throws IOException {
        Path training = csv("train.csv", "1,2,b", "3,4,a");
        Path test = csv("test.csv", "7,8,a", "9,10,c");

        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.open(training, test, null, null));
        assertEquals(test + ": line 2: the label 'c' is not one of the classes [\"b\",\"a\"]", e.getMessage());
    }

    @Test
    void aTestNumberLabelAboveTheTrainingClassesIsRefused() throws IOException {
        Path training = csv("train.csv", "1,2,0", "3,4,1");
        Path test = csv("test.csv", "7,8,1", "9,10,2");

        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.open(training, test, null, null));
        assertEquals(test + ": line 2: the label 2 is out of range: the classes are 0..1", e.getMessage());
    }

    @Test
    void aTestFileOfAnotherWidthIsRefused() throws IOException {
        Path training = csv("train.csv", "1,2,0", "3,4,1");
        Path test = csv("test.csv", "7,8,9,1");

        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.open(training, test, null, null));
        assertEquals(test + ": has 3 feature columns but " + training + " has 2", e.getMessage());
    }

    @Test
    void knownClassesFromAModelAreUsedInsteadOfTheFilesOwnOrder() throws IOException {
        Path file = csv("iris.csv", "1,2,versicolor", "3,4,setosa");
        CsvReader.CsvSplits data = CsvReader.open(file, null, null, LabelEncoding.named(List.of("setosa", "versicolor")));

        assertEquals(1, data.splits().training().label(0));
    }

    @Test
    void labelEncodingsReadBackWhatTheyDescribe() {
        for (LabelEncoding encoding : List.of(LabelEncoding.numbered(10),
                LabelEncoding.named(List.of("setosa", "a \"quoted\", name", "ü")))) {
            assertEquals(encoding, LabelEncoding.parse(encoding.describe()).orElseThrow());
        }
        assertEquals("0..9", LabelEncoding.numbered(10).describe());
        assertTrue(LabelEncoding.parse("nonsense").isEmpty());
    }

    @Test
    void standardizationUsesTheTrainingStatisticsForEverySplit() throws IOException {
        Path file = csv("s.csv", "1,100,5,0", "3,300,5,1", "1,100,5,0", "3,300,5,1", "1,100,5,0", "100,-7,5,1");
        Splits splits = CsvReader.open(file, null, null, null).splits();
        Standardization standardization = Standardization.fit(splits.training());
        Splits standardized = standardization.apply(splits);

        assertArrayEquals(new double[] {1.8, 180, 5}, standardization.means(), 1e-12);
        assertArrayEquals(new double[] {0.9797958971132712, 97.97958971132712, 1}, standardization.deviations(), 1e-12,
                "population standard deviations; a feature that never varies keeps 1");
        double[] first = standardized.training().input(0);
        assertArrayEquals(new double[] {-0.8164966, -0.8164966, 0}, first, 1e-6);
        double[] validation = standardized.validation().input(0);
        assertArrayEquals(new double[] {(100 - 1.8) / 0.9797958971132712, (-7 - 180) / 97.97958971132712, 0},
                validation, 1e-4, "validation data is scaled by the training statistics, not its own");
        assertEquals(splits.validation().label(0), standardized.validation().label(0));
    }

    @Test
    void standardizationReadsBackExactlyWhatItDescribes() {
        Standardization standardization = new Standardization(new double[] {0.1, 1.0 / 3, -2e-300},
                new double[] {1, Math.PI, 5e-324});

        assertEquals(standardization, Standardization.parse(standardization.describeMeans(),
                standardization.describeDeviations()).orElseThrow());
        assertTrue(Standardization.parse("[1, 2]", "[1]").isEmpty());
        assertTrue(Standardization.parse("[1]", "[0]").isEmpty());
    }
}
