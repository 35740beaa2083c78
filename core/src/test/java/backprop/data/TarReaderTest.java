package backprop.data;

import static backprop.data.IdxTestFiles.gzip;
import static backprop.data.TarTestArchives.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backprop.data.TarTestArchives.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
    @TempDir
    Path dir;

    @Test
    void extractsSelectedFilesFromAGzippedTarball() throws Exception {
        byte[] big = IdxTestFiles.pixels(3, 700);
        byte[] tgz = gzip(tar(List.of(
                Entry.directory("package/"),
                Entry.file("package/package.json", "{}"),
                Entry.directory("package/data/"),
                Entry.file("package/data/train-labels-idx1-ubyte", "labels"),
                Entry.file("package/data/train-images-idx3-ubyte", big),
                Entry.file("package/readme.md", "hello"))));

        List<String> extracted = TarReader.extract(new ByteArrayInputStream(tgz),
                name -> name.startsWith("package/data/") ? dir.resolve(name.substring("package/data/".length())) : null);

        assertEquals(List.of("package/data/train-labels-idx1-ubyte", "package/data/train-images-idx3-ubyte"), extracted);
        assertEquals("labels", Files.readString(dir.resolve("train-labels-idx1-ubyte")));
        assertTrue(Arrays.equals(big, Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"))));
        assertFalse(Files.exists(dir.resolve("readme.md")));
    }

    @Test
    void aNegativeOrOverflowingSizeIsNotATarArchiveRatherThanAnIllegalArgument() {
        byte[] archive = tar(List.of(new Entry("././@LongLink", 'L', "long".getBytes(StandardCharsets.UTF_8))));
        byte[] negative = TarTestArchives.withHeaderField(archive, 124, Arrays.copyOf(new byte[] {'-', '1'}, 12));
        byte[] overflowing = TarTestArchives.withHeaderField(archive, 124, new byte[] {(byte) 0x80, 0, 0, 1, 0, 0, 0,
                0, 0, 0, 0, 0});

        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(negative), name -> dir.resolve("out")));
        assertEquals("not a tar archive: header field '-1' is not an octal number", e.getMessage());
        e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(overflowing), name -> dir.resolve("out")));
        assertEquals("not a tar archive: a header's base-256 number is beyond 2^63", e.getMessage());
    }

    @Test
    void gzipDataCutShortOrCorruptIsSaidWithAMessage() {
        byte[] tgz = gzip(tar(List.of(Entry.file("a.txt", "alpha"))));
        byte[] corrupt = tgz.clone();
        corrupt[10] = (byte) 0xFF;

        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(Arrays.copyOf(tgz, 9)), name -> dir.resolve("out")));
        assertEquals("the tar archive's gzip data ends early: it is truncated", e.getMessage());
        e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(corrupt), name -> dir.resolve("out")));
        assertTrue(e.getMessage().startsWith("corrupt gzip data in the tar archive ("), e.getMessage());
    }

    @Test
    void aGnuBase256SizeIsReadAsABigEndianNumber() throws Exception {
        byte[] content = "x".repeat(300).getBytes(StandardCharsets.UTF_8);
        byte[] archive = tar(List.of(Entry.file("big.bin", content), Entry.file("after.txt", "next")));
        byte[] base256 = new byte[12];
        base256[0] = (byte) 0x80;
        base256[10] = 0x01;
        base256[11] = 0x2C;
        byte[] rewritten = TarTestArchives.withHeaderField(archive, 124, base256);

        List<String> extracted = TarReader.extract(new ByteArrayInputStream(rewritten), name -> dir.resolve(name));

        assertEquals(List.of("big.bin", "after.txt"), extracted);
        assertEquals(300, Files.size(dir.resolve("big.bin")));
        assertEquals("next", Files.readString(dir.resolve("after.txt")));
    }

    @Test
    void aGnuLongNameAndAPaxPathAfterOtherRecordsNameTheNextEntry() throws Exception {
        String longName = "package/" + "n".repeat(120) + ".txt";
        String pax = "20 mtime=1600000000\n" + "21 path=from-pax.txt\n";
        byte[] archive = tar(List.of(new Entry("././@LongLink", 'L', longName.getBytes(StandardCharsets.UTF_8)),
                Entry.file("short-a", "a"), new Entry("PaxHeader", 'x', pax.getBytes(StandardCharsets.UTF_8)),
                Entry.file("short-b", "b")));

        List<String> extracted = TarReader.extract(new ByteArrayInputStream(archive),
                name -> dir.resolve(name.endsWith(".txt") && name.startsWith("package/") ? "long.txt" : name));

        assertEquals(List.of(longName, "from-pax.txt"), extracted);
        assertEquals("a", Files.readString(dir.resolve("long.txt")));
        assertEquals("b", Files.readString(dir.resolve("from-pax.txt")));
    }

    @Test
    void readsUncompressedTarToo() throws Exception {
        byte[] archive = tar(List.of(Entry.file("a.txt", "alpha")));

        TarReader.extract(new ByteArrayInputStream(archive), name -> dir.resolve(name));

        assertEquals("alpha", Files.readString(dir.resolve("a.txt")));
    }

    @Test
    void joinsTheUstarPrefixToLongNames() throws Exception {
        String longName = "package/" + "d".repeat(60) + "/" + "e".repeat(50) + "/file.txt";
        byte[] archive = tar(List.of(Entry.file(longName, "deep")));

        List<String> extracted = TarReader.extract(new ByteArrayInputStream(archive), name -> dir.resolve("out"));

        assertEquals(List.of(longName), extracted);
        assertEquals("deep", Files.readString(dir.resolve("out")));
    }

    @Test
    void paxPathRecordRenamesTheNextEntry() throws Exception {
        byte[] archive = tar(List.of(
                Entry.paxPath("package/data/the-real-name"),
                Entry.file("truncated-nam", "content"),
                Entry.file("package/other", "other")));

        List<String> extracted = TarReader.extract(new ByteArrayInputStream(archive),
                name -> dir.resolve(name.replace('/', '_')));

        assertEquals(List.of("package/data/the-real-name", "package/other"), extracted);
        assertEquals("content", Files.readString(dir.resolve("package_data_the-real-name")));
    }

    @Test
    void archiveCutOffInsideAFileIsRejected() {
        byte[] archive = tar(List.of(Entry.file("big", new byte[2000])));
        byte[] cut = Arrays.copyOf(archive, 512 + 1000);

        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(cut), name -> dir.resolve(name)));

        assertEquals("tar entry big is truncated: expected 2000 bytes, found 1000", e.getMessage());
    }

    @Test
    void dataThatIsNotATarArchiveIsRejectedByTheHeaderChecksum() {
        byte[] notTar = "just some text, not a tar archive".repeat(20).getBytes(StandardCharsets.UTF_8);

        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(notTar), name -> dir.resolve(name)));

        assertTrue(e.getMessage().startsWith("not a tar archive"), e.getMessage());
    }
}
