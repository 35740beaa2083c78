package backprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {
    private static final Map<String, String> GOOD = Map.of("a", "alpha", "b", "beta");

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    /** Writes the files it has (those asked for), then fails if told to. */
    private record FakeSource(String description, Map<String, String> files, String failure, List<List<String>> asked)
            implements FetchSource {
        FakeSource(String description, Map<String, String> files, String failure) {
            this(description, files, failure, new ArrayList<>());
        }

        @Override
        public void fetch(List<String> fileNames, Path directory, Consumer<String> log) throws IOException {
            asked.add(fileNames);
            for (String name : fileNames) {
                if (files.containsKey(name)) {
                    Files.writeString(directory.resolve(name), files.get(name));
                }
            }
            if (failure != null) {
                throw new IOException(failure);
            }
        }
    }

    private static SequencedMap<String, String> expectedDigests() {
        SequencedMap<String, String> digests = new LinkedHashMap<>();
        digests.put("a", Sha256.of("alpha".getBytes(StandardCharsets.UTF_8)));
        digests.put("b", Sha256.of("beta".getBytes(StandardCharsets.UTF_8)));
        return digests;
    }

    private Path fetch(FetchSource... sources) throws IOException {
        return new Fetcher("tiny", expectedDigests(), List.of(sources)).fetch(dir.resolve("cache"), log::add);
    }

    @Test
    void verifiedFilesAreSavedUnderTheirNames() throws Exception {
        Path cache = fetch(new FakeSource("good", GOOD, null));

        assertEquals(dir.resolve("cache"), cache);
        assertEquals("alpha", Files.readString(cache.resolve("a")));
        assertEquals("beta", Files.readString(cache.resolve("b")));
        assertTrue(log.contains("a: SHA-256 verified, saved"), log.toString());
    }

    @Test
    void fileWithTheWrongChecksumIsRejectedAndTheNextSourceTried() throws Exception {
        FakeSource tampered = new FakeSource("tampered", Map.of("a", "alpha", "b", "BETA"), null);
        FakeSource good = new FakeSource("good", GOOD, null);

        Path cache = fetch(tampered, good);

        assertEquals("beta", Files.readString(cache.resolve("b")));
        assertEquals(List.of(List.of("b")), good.asked(), "the second source is asked only for what is missing");
        assertTrue(log.stream().anyMatch(line -> line.startsWith("failed: tampered: b has SHA-256 ")), log.toString());
    }

    @Test
    void whenEverySourceFailsOneErrorListsEachSourceAndSuggestsDataDirectory() {
        FakeSource offline = new FakeSource("mirror one", Map.of(), "connection refused");
        FakeSource tampered = new FakeSource("mirror two", Map.of("a", "evil", "b", "evil"), null);
        FakeSource empty = new FakeSource("mirror three", Map.of(), null);

        IOException e = assertThrows(IOException.class, () -> fetch(offline, tampered, empty));

        String message = e.getMessage();
        assertTrue(message.startsWith("could not fetch tiny (a, b) into " + dir.resolve("cache")), message);
        assertTrue(message.contains("\n  - mirror one: connection refused"), message);
        assertTrue(message.contains("\n  - mirror two: a has SHA-256 "), message);
        assertTrue(message.contains("\n  - mirror three: did not deliver a, b"), message);
        assertTrue(message.contains("--data DIR"), message);
    }

    @Test
    void checksumMismatchLeavesNothingUnderTheFinalNameNorStagingFiles() throws Exception {
        FakeSource tampered = new FakeSource("tampered", Map.of("a", "evil", "b", "beta"), "then it broke");

        assertThrows(IOException.class, () -> fetch(tampered));

        Path cache = dir.resolve("cache");
        assertFalse(Files.exists(cache.resolve("a")));
        assertEquals("beta", Files.readString(cache.resolve("b")), "a verified file is kept for the next try");
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(cache.resolve("b")), left.toList());
        }
    }

    @Test
    void filesAlreadyPresentWithTheRightChecksumAreNotFetchedAgain() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("a"), "alpha");
        FakeSource good = new FakeSource("good", GOOD, null);

        fetch(good);

        assertEquals(List.of(List.of("b")), good.asked());
    }

    @Test
    void corruptFileAlreadyPresentIsReplaced() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("a"), "alph");

        fetch(new FakeSource("good", GOOD, null));

        assertEquals("alpha", Files.readString(cache.resolve("a")));
        assertTrue(log.contains("a: present but its SHA-256 does not match, fetching it again"), log.toString());
    }

    @Test
    void nothingIsFetchedWhenEveryFileIsPresentAndVerified() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("a"), "alpha");
        Files.writeString(cache.resolve("b"), "beta");
        FakeSource source = new FakeSource("unused", GOOD, null);

        fetch(source);

        assertEquals(List.of(), source.asked());
    }

    @Test
    void exceptionWithoutMessageIsDescribedByItsTypeAndCause() {
        ConnectException connect = new ConnectException();
        connect.initCause(new UnresolvedAddressException());

        assertEquals("ConnectException (UnresolvedAddressException)", Fetcher.describe(connect));
    }
}
