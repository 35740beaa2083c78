package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSignatureTest {
    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String described(byte[] start) {
        return FileSignature.of(start).map(FileSignature::describe).orElse("nothing");
    }

    @Test
    void compressedAndArchivedFormatsSayToUnpackThem() {
        String unpack = " (decompress or unpack it first)";
        assertEquals("gzip-compressed data" + unpack, described(bytes(0x1F, 0x8B, 8, 0)));
        assertEquals("a zip archive" + unpack, described(bytes('P', 'K', 3, 4)));
        assertEquals("a zip archive" + unpack, described(bytes('P', 'K', 5, 6)));
        assertEquals("bzip2-compressed data" + unpack, described(bytes('B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)));
        assertEquals("xz-compressed data" + unpack, described(bytes(0xFD, '7', 'z', 'X', 'Z', 0)));
        assertEquals("zstd-compressed data" + unpack, described(bytes(0x28, 0xB5, 0x2F, 0xFD)));
        assertEquals("a 7z archive" + unpack, described(bytes('7', 'z', 0xBC, 0xAF, 0x27, 0x1C)));
        byte[] tar = new byte[512];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertEquals("a tar archive" + unpack, described(tar));
    }

    @Test
    void imagesDocumentsAndOtherFormatsAreNamed() {
        assertEquals("a PNG image", described(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)));
        assertEquals("a JPEG image", described(bytes(0xFF, 0xD8, 0xFF, 0xE0)));
        assertEquals("a GIF image", described("GIF89a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("a GIF image", described("GIF87a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("a PDF document", described("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("an HDF5 file (as Keras saves models)", described(bytes(0x89, 'H', 'D', 'F', 0x0D, 0x0A, 0x1A, 0x0A)));
        assertEquals("a NumPy array (.npy)", described(bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0)));
        assertEquals("a Python pickle", described(bytes(0x80, 4, 0x95)));
        assertEquals("an IDX label file (MNIST's data format)", described(bytes(0, 0, 8, 1)));
        assertEquals("an IDX image file (MNIST's data format)", described(bytes(0, 0, 8, 3)));
        assertEquals("an IDX file (MNIST's data format)", described(bytes(0, 0, 0x0D, 2)));
        assertEquals("a compiled program", described(bytes(0x7F, 'E', 'L', 'F')));
        assertEquals("a compiled program", described(bytes(0xCA, 0xFE, 0xBA, 0xBE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sizes\": [2, 1]}", "[1, 2]", "sepal_length,species\n5.1,setosa", "1,2,0\n",
            "PK,is a column name", "BZh,no", "GIF8", "%PDF", "", " "})
    void textIsNeverTakenForABinaryFormat(String text) {
        assertEquals(Optional.empty(), FileSignature.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignatureCutShortIsNotRecognised() {
        byte[] png = bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        for (int length = 0; length < png.length; length++) {
            assertEquals(Optional.empty(), FileSignature.of(Arrays.copyOf(png, length)), "length " + length);
        }
        assertEquals(Optional.empty(), FileSignature.of(bytes(0, 0, 8, 0)));
        assertEquals(Optional.empty(), FileSignature.of(bytes(0, 0, 8, 5)));
        assertEquals(Optional.empty(), FileSignature.of(bytes(0, 0, 0x0A, 1)));
        assertEquals(Optional.empty(), FileSignature.of(bytes(0x80, 1)));
        assertEquals(Optional.empty(), FileSignature.of(bytes('B', 'Z', 'h', '0', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)));
    }

    @Test
    void onlyTheVersionsAndTypesAFormatDefinesAreRecognised() {
        assertEquals("bzip2-compressed data (decompress or unpack it first)",
                described(bytes('B', 'Z', 'h', '1', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)));
        assertEquals("nothing", described(bytes('B', 'Z', 'h', ':', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)));
        assertEquals("a Python pickle", described(bytes(0x80, 2)));
        assertEquals("a Python pickle", described(bytes(0x80, 5)));
        assertEquals("nothing", described(bytes(0x80, 6)));
        assertEquals("an IDX label file (MNIST's data format)", described(bytes(0, 0, 0x0B, 1)));
        assertEquals("an IDX label file (MNIST's data format)", described(bytes(0, 0, 0x0E, 1)));
        assertEquals("nothing", described(bytes(0, 0, 0x0F, 1)));
        assertEquals("nothing", described(bytes(0, 0, 0x07, 1)));
    }

    @Test
    void aNulByteAnywhereInTheStartMarksBinaryData() {
        assertTrue(FileSignature.hasNulByte(bytes('a', 'b', 0)));
        assertFalse(FileSignature.hasNulByte("plain text".getBytes(StandardCharsets.UTF_8)));
        assertFalse(FileSignature.hasNulByte(new byte[0]));
    }
}
