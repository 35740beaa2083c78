package backprop.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A directory on this machine in MNIST's layout, raw or gzipped, such as Debian's
 * {@code /usr/share/datasets/fashion-mnist}; files are copied decompressed.
 */
final class LocalCopySource implements FetchSource {
    private final Path directory;
    private final String howToGetIt;

    /** @param howToGetIt added to the error when the directory is missing, e.g. which package installs it */
    LocalCopySource(Path directory, String howToGetIt) {
        this.directory = directory;
        this.howToGetIt = howToGetIt;
    }

    @Override
    public String description() {
        return "local copy in " + directory;
    }

    @Override
    public void fetch(List<String> fileNames, Path target, Consumer<String> log) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new FileNotFoundException(directory + " does not exist (" + howToGetIt + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String name : fileNames) {
            Path file = Mnist.find(directory, name);
            if (file == null) {
                missing.add(name);
                continue;
            }
            log.accept("copying " + file);
            try (InputStream in = Gzip.openDecompressed(file)) {
                Files.copy(in, target.resolve(name));
            }
        }
        if (!missing.isEmpty()) {
            throw new FileNotFoundException(directory + " has no " + String.join(", ", missing));
        }
    }
}
