package backprop.data;

import static backprop.data.IdxTestFiles.mnistLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCatalogTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private static final Function<String, Fetcher> NO_FETCHING = name -> {
        throw new AssertionError("should not fetch " + name);
    };

    private Path home() {
        return dir.resolve("home");
    }

    @Test
    void mnistIsOpenedFromTheCacheUnderTheHomeDirectory() throws Exception {
        mnistLayout(home().resolve(".cache/backprop/mnist"), 12, 4);

        Splits splits = DataCatalog.open("mnist", log::add, Map.of(), home(), NO_FETCHING);

        assertEquals(10, splits.training().size());
        assertEquals(2, splits.validation().size());
        assertEquals(4, splits.test().size());
        assertEquals("mnist training", splits.training().name());
        assertEquals("mnist validation", splits.validation().name());
        assertEquals("mnist test", splits.test().name());
        assertEquals(10, splits.training().classCount());
    }

    @Test
    void mnistIsFoundDirectlyInTheDataDirectoryVariable() throws Exception {
        Path data = mnistLayout(dir.resolve("data"), 6, 2);

        Splits splits = DataCatalog.open("mnist", log::add, Map.of("BACKPROP_DATA", data.toString()), home(),
                NO_FETCHING);

        assertEquals(2, splits.test().size());
        assertTrue(log.contains("loading mnist from " + data), log.toString());
    }

    @Test
    void mnistIsFoundInTheMnistSubdirectoryOfTheDataDirectoryVariable() throws Exception {
        Path data = dir.resolve("data");
        mnistLayout(data.resolve("mnist"), 6, 3);

        Splits splits = DataCatalog.open("mnist", log::add, Map.of("BACKPROP_DATA", data.toString()), home(),
                NO_FETCHING);

        assertEquals(3, splits.test().size());
    }

    @Test
    void fashionMnistIsLookedForOnlyInItsOwnSubdirectory() throws Exception {
        Path data = mnistLayout(dir.resolve("data"), 6, 2);
        mnistLayout(data.resolve("fashion-mnist"), 6, 5);

        Splits splits = DataCatalog.open("fashion-mnist", log::add, Map.of("BACKPROP_DATA", data.toString()), home(),
                NO_FETCHING);

        assertEquals(5, splits.test().size());
        assertEquals("fashion-mnist test", splits.test().name());
    }

    @Test
    void missingDataSetIsFetchedIntoTheDefaultDirectoryThenLoaded() throws Exception {
        Path source = mnistLayout(dir.resolve("elsewhere"), 18, 6);
        SequencedMap<String, String> digests = new LinkedHashMap<>();
        for (String name : Mnist.FILE_NAMES) {
            digests.put(name, Sha256.of(source.resolve(name)));
        }
        FetchSource copy = new LocalCopySource(source, "test data");
        List<String> fetched = new ArrayList<>();

        Splits splits = DataCatalog.open("mnist", log::add, Map.of(), home(), name -> {
            fetched.add(name);
            return new Fetcher(name, digests, List.of(copy));
        });

        assertEquals(List.of("mnist"), fetched);
        assertEquals(15, splits.training().size());
        assertTrue(Files.isRegularFile(home().resolve(".cache/backprop/mnist").resolve(Mnist.TRAIN_IMAGES)));
        assertTrue(log.contains("mnist: not in " + home().resolve(".cache/backprop/mnist") + " yet, fetching it"),
                log.toString());
    }

    @Test
    void fetchFailureReachesTheCallerWithTheSourcesTried() {
        FetchSource offline = new FetchSource() {
            @Override
            public String description() {
                return "offline mirror";
            }

            @Override
            public void fetch(List<String> fileNames, Path directory, Consumer<String> log) throws IOException {
                throw new IOException("no route to host");
            }
        };

        IOException e = assertThrows(IOException.class, () -> DataCatalog.open("mnist", log::add, Map.of(), home(),
                name -> new Fetcher(name, DataCatalog.MNIST_SHA256, List.of(offline))));

        assertTrue(e.getMessage().contains("  - offline mirror: no route to host"), e.getMessage());
    }

    @Test
    void aDirectoryIsLoadedAndNamedAfterItself() throws Exception {
        Path kmnist = mnistLayout(dir.resolve("kmnist"), 24, 5);

        Splits splits = DataCatalog.open(kmnist.toString(), log::add, Map.of(), home(), NO_FETCHING);

        assertEquals(20, splits.training().size());
        assertEquals(4, splits.validation().size());
        assertEquals("kmnist training", splits.training().name());
    }

    @Test
    void unknownNameThatIsNoDirectoryIsRejectedListingTheKnownNames() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> DataCatalog.open("mnsit", log::add, Map.of(), home(), NO_FETCHING));

        assertTrue(e.getMessage().startsWith("no data set named 'mnsit' and no directory mnsit; use mnist, "
                + "fashion-mnist or a directory holding train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void defaultDirectoryFollowsTheDataDirectoryVariable() {
        assertEquals(home().resolve(".cache/backprop/fashion-mnist"),
                DataCatalog.defaultDirectory("fashion-mnist", Map.of(), home()));
        assertEquals(Path.of("/data/mnist"),
                DataCatalog.defaultDirectory("mnist", Map.of("BACKPROP_DATA", "/data"), home()));
        assertEquals(home().resolve(".cache/backprop/mnist"),
                DataCatalog.defaultDirectory("mnist", Map.of("BACKPROP_DATA", ""), home()));
    }

    @Test
    void fetchingAnUnknownDataSetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataCatalog.fetch("cifar-10", dir, log::add));

        assertEquals("unknown data set 'cifar-10'; known: mnist, fashion-mnist", e.getMessage());
    }

    @Test
    void everyNamedDataSetHasADigestForEachOfTheFourFiles() {
        for (Map<String, String> digests : List.of(DataCatalog.MNIST_SHA256, DataCatalog.FASHION_MNIST_SHA256)) {
            assertEquals(Mnist.FILE_NAMES, List.copyOf(digests.keySet()));
            digests.values().forEach(digest -> {
                if (!digest.matches("[0-9a-f]{64}")) {
                    fail("not a SHA-256 digest: " + digest);
                }
            });
        }
    }
}
