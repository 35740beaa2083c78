package backprop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code backprop} command: parses the command line and turns every user error into one line and exit code 2. */
@Command(name = "backprop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trains neural networks by backpropagation, after Michael Nielsen's "
                + "Neural Networks and Deep Learning.",
        subcommands = {
                TrainCommand.class,
                RecipesCommand.class,
                EvaluateCommand.class,
                InspectCommand.class,
                ShowCommand.class,
                PredictCommand.class,
                ExportCommand.class,
                DataCommand.class,
                ServeCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Examples:",
                "  backprop train                                   the book's run on MNIST",
                "  backprop train --epochs 5 --save model.json --plot training.png",
                "  backprop evaluate --model model.json --confusion confusion.png",
                "  backprop predict --model model.json seven.png",
                "  backprop help train                              every flag of a command, with examples",
                "  source <(backprop completion bash)               tab completion in this shell"})
public final class Main implements Runnable {
    /** Exit code for anything the user can fix: a bad flag, a missing or corrupt file, mismatched shapes. */
    public static final int USER_ERROR = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the stack trace of an error.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the process offers the command: set by {@link #main}, embedded (no terminal, no Ctrl-C) otherwise. */
    Session session = Session.EMBEDDED;

    /** What to do once the command has returned and its result or error is printed; see {@link #afterReport}. */
    private final List<Runnable> afterReport = new ArrayList<>();

    /**
     * What the process running a command offers it beyond its output streams.
     *
     * @param terminal    where a live progress display may draw (standard output, when it is a terminal), or null
     * @param ownsProcess whether the command may act on Ctrl-C (a shutdown hook); not when run inside another
     *                    program, such as the tests
     */
    record Session(PrintStream terminal, boolean ownsProcess) {
        static final Session EMBEDDED = new Session(null, false);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs {@code action} once the command has returned and its error, if any, has been printed: a Ctrl-C
     * that waits for the command to finish is let go only then, since the process ends as soon as it is.
     */
    void afterReport(Runnable action) {
        afterReport.add(action);
    }

    public static void main(String[] args) {
        StandardError.takeOver();
        // A progress bar only where a person watches: not when the output goes to a file or a pipe. It is
        // drawn on standard output, between the epoch lines it makes way for.
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new Session(terminal ? System.out : null, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Session.EMBEDDED);
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, Session session) {
        Main main = new Main();
        main.session = session;
        try {
            return commandLine(main, out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
            main.afterReport.forEach(Runnable::run);
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(new Main(), out, err);
    }

    private static CommandLine commandLine(Main main, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.registerConverter(Path.class, Main::path);
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            w.println("error: " + parameterMessage(e, args) + " (see '" + command + " --help')");
            if (debugRequested(args)) {
                e.printStackTrace(w);
            }
            return USER_ERROR;
        });
        commandLine.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                // An Error, which picocli lets through: hand it to the handler below as the command's failure.
                throw new CommandLine.ExecutionException(parseResult.asCommandLineList().getLast(), "out of memory", e);
            }
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            PrintWriter w = cl.getErr();
            boolean debug = debugRequested(parseResult.originalArgs().toArray(String[]::new));
            if (e.getCause() instanceof OutOfMemoryError outOfMemory) {
                w.println("error: " + outOfMemory(outOfMemory, cl.getCommandName()));
                if (debug) {
                    outOfMemory.printStackTrace(w);
                }
                return USER_ERROR;
            }
            if (isUserError(e)) {
                w.println("error: " + message(e));
                if (debug) {
                    e.printStackTrace(w);
                }
                return USER_ERROR;
            }
            w.println("error: internal error: " + e + (debug ? "" : " (run again with --debug for details)"));
            if (debug) {
                e.printStackTrace(w);
            }
            return 1;
        });
        return commandLine;
    }

    private static boolean debugRequested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof UserError
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException;
    }

    /** What to do about running out of heap, naming the flags of {@code command} that decide how much it needs. */
    static String outOfMemory(OutOfMemoryError e, String command) {
        long maxMegabytes = Runtime.getRuntime().maxMemory() >> 20;
        // Twice the current limit, in whole gigabytes, as a concrete suggestion.
        long suggestedGigabytes = Math.max(1, (2 * maxMegabytes + 1023) / 1024);
        String smaller = command.equals("train") ? "a smaller --batch or network, or " : "";
        return "out of memory: " + (e.getMessage() == null ? "Java heap space" : e.getMessage()) + " (" + smaller
                + "more heap than this run's " + maxMegabytes + " MB via BACKPROP_JAVA_OPTS=-Xmx"
                + suggestedGigabytes + "g)";
    }

    /** A file name: any text but an empty one, which would name the current directory. */
    private static Path path(String value) {
        if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("the file name is empty");
        }
        return Path.of(value);
    }

    /** A command-line mistake in one line; the caller adds where to find help. */
    static String parameterMessage(CommandLine.ParameterException e, String[] args) {
        String fileLikeOption = unknownOptionBeforeMissingFiles(e, args);
        if (fileLikeOption != null) {
            return "unknown option '" + fileLikeOption + "'" + dashFileHint(fileLikeOption);
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().getFirst();
            List<String> suggestions = unmatched.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : "; did you mean '" + suggestions.getFirst() + "'?";
            if (unmatched.isUnknownOption()) {
                boolean takesFiles = !e.getCommandLine().getCommandSpec().positionalParameters().isEmpty();
                return "unknown option '" + argument + "'"
                        + (suggestions.isEmpty() && takesFiles ? dashFileHint(argument) : hint);
            }
            if (!e.getCommandLine().getSubcommands().isEmpty()) {
                return "unknown command '" + argument + "'" + hint;
            }
            return "unexpected argument '" + argument + "'" + hint;
        }
        return e.getMessage();
    }

    /**
     * For a command that takes files (predict's pictures) and got none: the argument that picocli took for an
     * option, since a file named {@code -7.png} looks like one. Null when there is none.
     */
    private static String unknownOptionBeforeMissingFiles(CommandLine.ParameterException e, String[] args) {
        if (!(e instanceof CommandLine.MissingParameterException missing)
                || missing.getMissing().stream().noneMatch(arg -> arg instanceof CommandLine.Model.PositionalParamSpec)) {
            return null;
        }
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        boolean optionValueNext = false;
        for (String arg : args) {
            if (arg.equals("--")) {
                return null;
            }
            if (optionValueNext) {
                optionValueNext = false;
                continue;
            }
            CommandLine.Model.OptionSpec option = spec.findOption(arg.split("=", 2)[0]);
            if (option != null) {
                optionValueNext = !arg.contains("=") && option.arity().min() > 0;
            } else if (arg.startsWith("-") && arg.length() > 1 && !arg.equals(spec.name())) {
                return arg;
            }
        }
        return null;
    }

    /** How to name a file that begins with '-', which picocli reads as an option. */
    private static String dashFileHint(String argument) {
        return "; if it is a file, write ./" + argument + " or put -- before it";
    }

    /** A user error in one line, naming the file for the file-system exceptions, whose own messages are often just a path. */
    static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            // Files.createDirectories says this when a file stands where a directory should be.
            return f.getFile() + ": a file of that name already exists";
        }
        if (e instanceof NotDirectoryException n) {
            return "not a directory: " + n.getFile();
        }
        if (e instanceof DirectoryNotEmptyException d) {
            return "directory not empty: " + d.getFile();
        }
        if (e instanceof FileSystemException f) {
            // In a move from a hidden temporary file to the user's file, the user's file is the other one.
            String file = f.getOtherFile() != null ? f.getOtherFile() : f.getFile();
            String reason = f.getReason() == null ? "cannot access it" : lowerFirst(f.getReason());
            return file == null ? reason : file + ": " + reason;
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** "Is a directory" as it reads after a colon: "is a directory". */
    static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && !Character.isUpperCase(text.charAt(1))) {
            return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
        }
        return text;
    }
}
