package backprop.book;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One of the programs in {@code book/}, compiled from its source as {@code java book/Network.java}
 * compiles it, and loaded in a class loader of its own. A compact source file's class has only the
 * no-argument constructor and cannot be named in other source, so the tests reach its fields and
 * methods (the book's {@code weights}, {@code update_mini_batch}...) by reflection.
 */
final class BookProgram implements AutoCloseable {
    private final Class<?> type;
    private final URLClassLoader loader;

    private BookProgram(Class<?> type, URLClassLoader loader) {
        this.type = type;
        this.loader = loader;
    }

    /** The repository's {@code book/} folder, found from the working directory (a module's or the root). */
    static Path bookDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("book").resolve("Network.java"))) {
                return dir.resolve("book");
            }
        }
        throw new IllegalStateException("no book/Network.java above " + Path.of("").toAbsolutePath());
    }

    /** Compiles {@code book/<name>.java} into {@code output} and loads its class. */
    static BookProgram compile(String name, Path output) throws IOException, ClassNotFoundException {
        var compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            var sources = files.getJavaFileObjects(bookDirectory().resolve(name + ".java"));
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-d", output.toString(), "-Xlint:all", "-proc:none"), null, sources).call();
            if (!compiled || !diagnostics.getDiagnostics().isEmpty()) {
                throw new AssertionError("book/" + name + ".java does not compile cleanly:\n"
                        + diagnostics.getDiagnostics().stream().map(Object::toString).collect(Collectors.joining("\n")));
            }
        }
        var loader = new URLClassLoader(new URL[] {output.toUri().toURL()}, BookProgram.class.getClassLoader());
        return new BookProgram(loader.loadClass(name), loader);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    /** A fresh instance: what {@code java} makes before it calls {@code main()}. */
    Instance newInstance() {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return new Instance(constructor.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The book's tuple {@code (x, y)}: the program's nested record {@code Example}. */
    Object example(double[] x, double[] y) {
        try {
            var constructor = nested("Example").getDeclaredConstructor(double[].class, double[].class);
            constructor.setAccessible(true);
            return constructor.newInstance(x, y);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A constant of the program's nested enum {@code Cost}, named as network2.py's cost classes are. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object cost(String className) {
        return Enum.valueOf((Class<? extends Enum>) nested("Cost"), className);
    }

    private Class<?> nested(String simpleName) {
        try {
            return loader.loadClass(type.getName() + "$" + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(type.getName() + " has no nested " + simpleName, e);
        }
    }

    /** One network: an instance of the program's class, whose fields are the network's. */
    static final class Instance {
        private final Object target;

        private Instance(Object target) {
            this.target = target;
        }

        Object get(String field) {
            try {
                return field(field).get(target);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }

        void set(String field, Object value) {
            try {
                field(field).set(target, value);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }

        /** Calls the method of that name that takes {@code arguments.length} parameters. */
        Object call(String method, Object... arguments) {
            Method found = Arrays.stream(target.getClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals(method) && m.getParameterCount() == arguments.length)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no method " + method + " with " + arguments.length
                            + " parameters in " + target.getClass().getName()));
            try {
                found.setAccessible(true);
                return found.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw new AssertionError(method + " threw " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }

        private Field field(String name) {
            try {
                Field field = target.getClass().getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                throw new AssertionError(target.getClass().getName() + " has no field " + name, e);
            }
        }
    }
}
