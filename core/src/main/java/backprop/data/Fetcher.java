package backprop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.function.Consumer;

/**
 * Gets a data set's files into a directory from the first source that delivers them, trusting only
 * files whose SHA-256 matches the published data.
 *
 * <p>Files are staged in a hidden directory inside the target and renamed into place atomically after
 * their digest checks out, so an interrupted or corrupt download never sits under a final name where
 * a later run would load it.
 */
final class Fetcher {
    private final String dataSetName;
    private final SequencedMap<String, String> sha256ByFileName;
    private final List<FetchSource> sources;

    /**
     * @param sha256ByFileName the expected digest of each raw file, in the order to fetch them
     * @param sources          tried in order until every file is in place
     */
    Fetcher(String dataSetName, SequencedMap<String, String> sha256ByFileName, List<FetchSource> sources) {
        this.dataSetName = Objects.requireNonNull(dataSetName);
        this.sha256ByFileName = Objects.requireNonNull(sha256ByFileName);
        this.sources = List.copyOf(sources);
    }

    /** Fetches whichever files are missing or corrupt in {@code directory}, and returns the directory. */
    Path fetch(Path directory, Consumer<String> log) throws IOException {
        Files.createDirectories(directory);
        List<String> missing = filesToFetch(directory, log);
        if (missing.isEmpty()) {
            log.accept(dataSetName + ": all " + sha256ByFileName.size() + " files present and verified in "
                    + directory);
            return directory;
        }
        log.accept(dataSetName + ": fetching " + String.join(", ", missing) + " into " + directory);
        List<String> failures = new ArrayList<>();
        for (FetchSource source : sources) {
            log.accept("trying " + source.description());
            List<String> problems = new ArrayList<>();
            try (TemporaryDirectory staging = TemporaryDirectory.createIn(directory, ".fetch-")) {
                try {
                    source.fetch(List.copyOf(missing), staging.path(), log);
                } catch (IOException | RuntimeException e) {
                    problems.add(describe(e));
                }
                for (String name : List.copyOf(missing)) {
                    Path staged = staging.path().resolve(name);
                    if (!Files.isRegularFile(staged)) {
                        continue;
                    }
                    String actual = Sha256.of(staged);
                    String expected = sha256ByFileName.get(name);
                    if (!actual.equals(expected)) {
                        problems.add(name + " has SHA-256 " + actual + ", expected " + expected);
                        continue;
                    }
                    Files.move(staged, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    log.accept(name + ": SHA-256 verified, saved");
                    missing.remove(name);
                }
            }
            if (missing.isEmpty()) {
                log.accept(dataSetName + ": all " + sha256ByFileName.size() + " files ready in " + directory);
                return directory;
            }
            if (problems.isEmpty()) {
                problems.add("did not deliver " + String.join(", ", missing));
            }
            String failure = source.description() + ": " + String.join("; ", problems);
            log.accept("failed: " + failure);
            failures.add(failure);
        }
        throw new IOException("could not fetch " + dataSetName + " (" + String.join(", ", missing) + ") into "
                + directory + ". Sources tried:\n  - " + String.join("\n  - ", failures)
                + "\nPut the files " + String.join(", ", sha256ByFileName.sequencedKeySet())
                + " (raw or .gz) in a directory and pass it with --data DIR.");
    }

    private List<String> filesToFetch(Path directory, Consumer<String> log) throws IOException {
        List<String> missing = new ArrayList<>();
        for (var expected : sha256ByFileName.entrySet()) {
            String name = expected.getKey();
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                missing.add(name);
            } else if (!Sha256.of(file).equals(expected.getValue())) {
                log.accept(name + ": present but its SHA-256 does not match, fetching it again");
                missing.add(name);
            }
        }
        return missing;
    }

    /** An exception's message, or when it has none (as with a failed connection) its type and cause. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        String type = e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause == null || cause == e) {
            return type;
        }
        String causeText = describe(cause);
        return causeText.startsWith(type) ? causeText : type + " (" + causeText + ")";
    }
}
