package backprop.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that nothing saved is ever lost or half-written: the content goes to a hidden
 * temporary file beside the target, is forced to disk, and is renamed over the target. A crash or a
 * failed write leaves either the old file or the complete new one, and no temporary file behind.
 * Models, checkpoints and the command line's pictures are all written this way.
 *
 * <p>Only a regular file is ever replaced, or a new one made: a directory, a named pipe, a device or a
 * socket at the path is refused, and so is a file we may not write to (read-only). A symbolic link is
 * written through: its target is replaced, atomically, and the link stays as it was; a link to nothing
 * is refused. Every problem is reported as a {@link FileSystemException} naming the path as given,
 * never the temporary file.
 */
public final class AtomicFile {
    /** The longest file name that nearly every file system takes, in bytes (POSIX's NAME_MAX). */
    private static final int NAME_MAX = 255;
    /** What the temporary file's name adds to the part of the target's name it keeps: ".", "." + 16 hex, ".tmp". */
    private static final int TEMPORARY_NAME_EXTRA = 1 + 17 + 4;

    /** Writes the whole content to the stream it is given; the stream is closed by {@link #write}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code file} (or, for a symbolic link, the file it points to) with what {@code content}
     * writes, creating missing parent directories.
     *
     * @throws FileSystemException naming {@code file} when it cannot be written or replaced, or when the
     *                             content could not be written whole (a full disk)
     */
    public static void write(Path file, Content content) throws IOException {
        Path target = destination(file);
        refuseToReplace(file, target);
        Path directory = target.getParent();
        createDirectories(file, directory);
        Path temporary = temporaryBeside(target);
        try {
            // CREATE_NEW rather than Files.createTempFile, whose owner-only permissions the file would keep.
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                keepPermissions(target, temporary);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteAfterFailure(temporary, e);
            throw cannotWrite(file, directory, e);
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(temporary, e);
            throw e;
        }
        forceDirectory(directory);
    }

    /**
     * Checks, before the work whose result it will hold, that {@link #write} can write {@code file}: that
     * it would not refuse it, that its directory exists or can be made, and that a file can be made there
     * under its name. Tries it: creates what writing would create and deletes it again, so that nothing
     * is left behind.
     *
     * @throws FileSystemException naming {@code file} and what stands in the way
     */
    public static void checkWritable(Path file) throws IOException {
        Path target = destination(file);
        refuseToReplace(file, target);
        Path directory = target.getParent();
        List<Path> created = createDirectories(file, directory);
        try {
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            // A new file is tried under its own name (too long, or a name the file system refuses); an
            // existing one only needs room for the temporary file beside it.
            Path trial = exists ? temporaryBeside(target) : target;
            try {
                Files.newByteChannel(trial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            } catch (FileAlreadyExistsException raced) {
                return; // made by someone else just now: writing will replace it, or refuse to
            } catch (IOException e) {
                throw cannotWrite(file, directory, e);
            }
            Files.deleteIfExists(trial);
        } finally {
            for (Path made : created.reversed()) {
                try {
                    Files.deleteIfExists(made);
                } catch (IOException stillInUse) {
                    // Something else put a file in it meanwhile; then it stays.
                }
            }
        }
    }

    /**
     * The file {@link #write} replaces for {@code file}: {@code file} itself, or the file a symbolic link
     * there points to (through any chain of links), as an absolute path.
     *
     * @throws FileSystemException naming {@code file} when it is a link to nothing or a loop of links
     */
    public static Path destination(Path file) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return file.toAbsolutePath();
        }
        try {
            return file.toRealPath();
        } catch (NoSuchFileException e) {
            throw problem(file, "is a symbolic link to " + Files.readSymbolicLink(file)
                    + ", which does not exist; only an existing file is written through a link", e);
        } catch (FileSystemException e) {
            throw problem(file, "cannot follow the symbolic link: " + reason(e), e);
        }
    }

    /** Refuses anything but a new file or a regular file we may write to. */
    private static void refuseToReplace(Path file, Path target) throws FileSystemException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw problem(file, "cannot be written: " + reason(e), e);
        }
        if (attributes.isDirectory()) {
            throw problem(file, "is a directory", null);
        }
        if (!attributes.isRegularFile()) {
            throw problem(file, "is " + kindOf(target) + ", not a regular file; only regular files are replaced",
                    null);
        }
        if (!Files.isWritable(target)) {
            throw problem(file, "is read-only; make it writable to replace it, or name another file", null);
        }
    }

    /** What a file that is neither a regular file nor a directory is, for the message refusing it. */
    private static String kindOf(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /**
     * Creates {@code directory} and its missing parents, and returns those it created, outermost first.
     * A file standing where a directory should be is named as such.
     */
    private static List<Path> createDirectories(Path file, Path directory) throws FileSystemException {
        List<Path> missing = new ArrayList<>();
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            missing.addFirst(existing);
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw problem(file, existing + " is a file, not a directory", null);
        }
        List<Path> created = new ArrayList<>();
        for (Path next : missing) {
            try {
                Files.createDirectory(next);
                created.add(next);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(next)) {
                    throw problem(file, next + " is a file, not a directory", raced);
                }
            } catch (IOException e) {
                throw problem(file, "cannot create the directory " + next + ": " + reason(e), e);
            }
        }
        return created;
    }

    /**
     * A hidden name beside {@code target} that no one else uses: its name, shortened so that the whole
     * stays within {@link #NAME_MAX} bytes, and a random number.
     */
    private static Path temporaryBeside(Path target) {
        String name = target.getFileName().toString();
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > NAME_MAX - TEMPORARY_NAME_EXTRA) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += length;
            i += Character.charCount(codePoint);
        }
        return target.resolveSibling("." + kept + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /** A replaced file keeps who may read it: the new one gets the old one's permissions (0600 stays 0600). */
    private static void keepPermissions(Path target, Path temporary) {
        try {
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
        } catch (IOException | UnsupportedOperationException noneToKeep) {
            // A new file, or a file system without POSIX permissions: the defaults apply.
        }
    }

    private static void deleteAfterFailure(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * {@code e}, from writing the temporary file or renaming it, as a problem of {@code file}: the
     * temporary file means nothing to whoever named {@code file}.
     */
    private static FileSystemException cannotWrite(Path file, Path directory, IOException e) {
        if (e instanceof NoSuchFileException && Files.isDirectory(directory)) {
            // What /proc and similar file systems answer to a new file in an existing directory.
            return problem(file, "cannot be written: " + directory + " takes no new files", e);
        }
        return problem(file, "cannot be written: " + reason(e), e);
    }

    /** The operating system's reason, as it reads after a colon ("permission denied", "no space left on device"). */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            reason = switch (e) {
                case NoSuchFileException missing -> "no such file or directory";
                case AccessDeniedException denied -> "permission denied";
                case FileAlreadyExistsException exists -> "a file of that name exists";
                default -> e.getClass().getSimpleName();
            };
        }
        boolean capitalizedWord = reason.length() > 1 && Character.isUpperCase(reason.charAt(0))
                && !Character.isUpperCase(reason.charAt(1));
        return capitalizedWord ? reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1) : reason;
    }

    private static FileSystemException problem(Path file, String reason, Throwable cause) {
        FileSystemException problem = new FileSystemException(file.toString(), null, reason);
        if (cause != null) {
            problem.initCause(cause);
        }
        return problem;
    }

    /**
     * Makes the rename itself survive a crash. Best effort: some systems (Windows) cannot open a
     * directory for this, and the file itself is complete on disk by now either way.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // This system cannot sync a directory; the rename has happened all the same.
        }
    }
}
