package backprop.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard error as the {@code backprop} launcher arranges it. The JVM prints "WARNING: Using incubator
 * modules: jdk.incubator.vector" to standard error as it starts, before any of our code runs, and no
 * option turns that off; so the launcher hands the JVM a standard error that goes through a filter
 * dropping that line, and passes the real one as another file descriptor, named by the system property
 * {@value #PROPERTY}. Our errors are then written straight to the real one: a filter in between would
 * let them overtake, or fall behind, the lines on standard output.
 */
final class StandardError {
    /** The number of the file descriptor that is the real standard error, when the launcher passes one. */
    static final String PROPERTY = "backprop.stderr.fd";

    private StandardError() {
    }

    /**
     * Points {@link System#err} at the descriptor {@value #PROPERTY} names. Without the property, or where
     * this JVM does not let a descriptor be opened by number, standard error stays as it is: our errors
     * then go through the launcher's filter, in their own order still.
     */
    static void takeOver() {
        String number = System.getProperty(PROPERTY);
        if (number == null) {
            return;
        }
        try {
            // FileDescriptor has no public way to adopt a descriptor by number; its private constructor
            // does that (the launcher opens java.io to us for it).
            Constructor<FileDescriptor> adopt = FileDescriptor.class.getDeclaredConstructor(int.class);
            adopt.setAccessible(true);
            int fd = Integer.parseInt(number);
            if (!Files.exists(Path.of("/dev/fd/" + fd))) {
                return; // not open: our errors would be lost
            }
            FileDescriptor descriptor = adopt.newInstance(fd);
            if (descriptor.valid()) {
                System.setErr(new PrintStream(new FileOutputStream(descriptor), true, System.err.charset()));
            }
        } catch (ReflectiveOperationException | RuntimeException notHere) {
            // Keep the filtered standard error.
        }
    }
}
