package backprop.web;

import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.io.SavedModel;
import backprop.nn.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models directory: the only place the page can save to or load from. Clients name a model, never
 * a path; a name is letters, digits, dot, dash and underscore, so it cannot leave the directory.
 */
final class ModelStore {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** @param modified ISO-8601, e.g. 2025-01-31T12:00:00Z */
    record Entry(String name, long bytes, String modified) {
    }

    private final Path directory;

    ModelStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    /**
     * The file for a model name ("mine" or "mine.json"), or a 400 for a name that is not allowed. A name
     * ending in ".json" once it is stripped ("mine.json.json") is refused: saved, it would be listed as
     * "mine.json", which loads "mine".
     */
    Path fileFor(String name) {
        String bare = bareName(name);
        if (!NAME.matcher(bare).matches() || bare.contains("..") || bare.endsWith(".json")) {
            throw ApiError.badRequest("bad model name '" + name + "': use 1 to 64 letters, digits, '.', '-' or '_', "
                    + "starting with a letter or digit");
        }
        Path file = directory.resolve(bare + ".json").normalize();
        if (!directory.equals(file.getParent())) {
            throw ApiError.badRequest("bad model name '" + name + "'");
        }
        return file;
    }

    /** The name without its ".json", as the list shows it and load takes it. */
    static String bareName(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }

    Path save(String name, Network network, Provenance provenance) throws IOException {
        Path file = fileFor(name);
        ModelFile.save(network, provenance, file);
        return file;
    }

    SavedModel load(String name) throws IOException {
        Path file = fileFor(name);
        try {
            return ModelFile.load(file);
        } catch (NoSuchFileException e) {
            throw ApiError.notFound("no saved model named '" + name + "' in " + directory);
        } catch (IOException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** Saved models, newest first; an absent directory holds none. */
    List<Entry> list() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".json") || !Files.isRegularFile(file)) {
                    continue;
                }
                String name = fileName.substring(0, fileName.length() - ".json".length());
                if (NAME.matcher(name).matches() && !name.endsWith(".json")) {
                    Instant modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
                    entries.add(new Entry(name, Files.size(file), modified.toString()));
                }
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> Instant.parse(e.modified())).reversed()
                .thenComparing(Entry::name));
        return entries;
    }

    /** The newest saved model, the server's default when started without {@code --model}. */
    Optional<Path> newest() throws IOException {
        List<Entry> entries = list();
        return entries.isEmpty() ? Optional.empty() : Optional.of(fileFor(entries.getFirst().name()));
    }
}
