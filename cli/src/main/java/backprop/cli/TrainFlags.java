package backprop.cli;

import backprop.data.DataCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The flags a {@code train} run was given, by name with their values as typed: those on the command
 * line, and for a resumed run those its checkpoint stored. A recipe fills in only what is not given;
 * a checkpoint stores them (as {@link #arguments()}) so that {@code --resume} continues with the same.
 */
final class TrainFlags {
    /** Flags that choose how this invocation reports, not how the network is trained: never stored. */
    private static final Set<String> NOT_STORED = Set.of("--resume", "--debug", "--quiet", "--json", "--help",
            "--version");

    /** Flags whose value names a file or directory ({@code --data} also takes a data set's name). */
    static final Set<String> FILE_FLAGS = Set.of("--data", "--test", "--from", "--save", "--plot");

    private final SequencedMap<String, List<String>> given = new LinkedHashMap<>();

    /** The flags matched in {@code parsed}, typed by the user. */
    static TrainFlags typed(CommandLine.ParseResult parsed) {
        TrainFlags flags = new TrainFlags();
        for (OptionSpec option : parsed.matchedOptions()) {
            flags.given.put(option.longestName(), values(option));
        }
        return flags;
    }

    /** The values of {@code option} as typed; none for a flag that takes none ({@code --monitor}). */
    private static List<String> values(OptionSpec option) {
        return option.arity().max() == 0 ? List.of() : List.copyOf(option.originalStringValues());
    }

    /** The values given for {@code name}, as typed; none for a switch or a flag not given. */
    List<String> values(String name) {
        return given.getOrDefault(name, List.of());
    }

    boolean contains(String name) {
        return given.containsKey(name);
    }

    /** The names given, in order. */
    Set<String> names() {
        return given.sequencedKeySet();
    }

    /** Adds a flag as if it had been typed (a setting made explicit so that a resumed run keeps it). */
    void add(String name, String value) {
        given.put(name, List.of(value));
    }

    /**
     * Sets on {@code target} each flag of {@code source} (another parse of {@code train} flags: a recipe's, a
     * checkpoint's) that is not given here and not {@code skipped}, with picocli's conversion of it, and
     * returns those set, as they would be typed.
     *
     * @param remember whether the flags set count as given from now on (a checkpoint's do; a recipe's are
     *                 its own, named by {@code --recipe})
     */
    List<String> setFrom(CommandLine.ParseResult source, CommandSpec target, Predicate<String> skipped,
                         boolean remember) {
        List<String> set = new ArrayList<>();
        for (OptionSpec option : source.matchedOptions()) {
            String name = option.longestName();
            if (given.containsKey(name) || skipped.test(name)) {
                continue;
            }
            target.findOption(name).setValue(option.getValue());
            set.add(name);
            set.addAll(values(option));
            if (remember) {
                given.put(name, values(option));
            }
        }
        return set;
    }

    /**
     * The given flags as a command line, for a checkpoint to store: without those that only choose the output,
     * and with files as absolute paths, so that the run resumed from another directory reads and writes the
     * same files.
     */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        given.forEach((name, values) -> {
            if (!NOT_STORED.contains(name)) {
                arguments.add(name);
                for (String value : values) {
                    arguments.add(namesFile(name, value) ? Path.of(value).toAbsolutePath().normalize().toString()
                            : value);
                }
            }
        });
        return arguments;
    }

    /** Whether {@code value} of {@code flag} is a path (not {@code --data mnist}, a data set's name). */
    static boolean namesFile(String flag, String value) {
        return FILE_FLAGS.contains(flag) && !value.isBlank()
                && !(flag.equals("--data") && DataCatalog.NAMES.contains(value));
    }

    /** Parses {@code arguments} as {@code train}'s flags, as the command line itself would. */
    static CommandLine.ParseResult parse(List<String> arguments) {
        CommandLine commandLine = new CommandLine(new TrainCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine.parseArgs(arguments.toArray(String[]::new));
    }
}
