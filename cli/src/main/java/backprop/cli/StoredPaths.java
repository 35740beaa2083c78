package backprop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files among the {@code train} flags a checkpoint stored, as absolute paths. A checkpoint stores
 * them so ({@link TrainFlags#arguments}); one written by an older backprop may hold paths relative to
 * the directory its run started in, which is where they are resolved, not against the directory of the
 * run that resumes it (which once made a resumed run overwrite an unrelated file of the same name there).
 *
 * <p>That directory is known when the checkpoint is still where its run saved it: its path then ends
 * with the stored {@code --save} path, and what comes before is the directory. A checkpoint saved on
 * Ctrl-C without {@code --save} was saved in that directory. Otherwise (a moved file) the checkpoint's
 * own directory is a guess, and {@link #guessed()} says so.
 *
 * @param arguments the stored flags, every file an absolute path
 * @param guessed   whether relative paths were resolved against a guessed directory
 * @param original  the stored flags as they were
 */
record StoredPaths(List<String> arguments, boolean guessed, List<String> original) {

    static StoredPaths of(Path checkpoint, List<String> stored) {
        Path base = null;
        boolean guessed = false;
        String save = value(stored, "--save");
        if (save == null) {
            base = checkpoint.toAbsolutePath().normalize().getParent();
        } else if (!Path.of(save).isAbsolute()) {
            base = startedIn(checkpoint, Path.of(save).normalize());
            if (base == null) {
                base = checkpoint.toAbsolutePath().normalize().getParent();
                guessed = true;
            }
        }
        List<String> arguments = new ArrayList<>(stored);
        boolean anyRelative = false;
        for (int i = 0; i + 1 < arguments.size(); i++) {
            String flag = arguments.get(i);
            String value = arguments.get(i + 1);
            if (TrainFlags.namesFile(flag, value) && !Path.of(value).isAbsolute()) {
                anyRelative = true;
                arguments.set(i + 1, (base != null ? base : checkpoint.toAbsolutePath().getParent())
                        .resolve(value).normalize().toString());
                i++;
            }
        }
        return new StoredPaths(List.copyOf(arguments), guessed && anyRelative, List.copyOf(stored));
    }

    /** The stored value of {@code flag} if it is a relative path, else null. */
    String relative(String flag) {
        String value = value(original, flag);
        return value != null && TrainFlags.namesFile(flag, value) && !Path.of(value).isAbsolute() ? value : null;
    }

    /** The directory {@code checkpoint} was saved from as {@code save}, if its path still ends with it. */
    private static Path startedIn(Path checkpoint, Path save) {
        List<Path> candidates = new ArrayList<>(List.of(checkpoint.toAbsolutePath().normalize()));
        try {
            candidates.add(checkpoint.toRealPath());
        } catch (IOException e) {
            // The absolute path alone, then.
        }
        for (Path file : candidates) {
            if (save.getNameCount() > 0 && !save.startsWith("..") && file.endsWith(save)) {
                int kept = file.getNameCount() - save.getNameCount();
                return kept == 0 ? file.getRoot() : file.getRoot().resolve(file.subpath(0, kept));
            }
        }
        return null;
    }

    private static String value(List<String> arguments, String flag) {
        int at = arguments.indexOf(flag);
        return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : null;
    }
}
