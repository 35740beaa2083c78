package backprop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code backprop} command: parses the command line and turns every user error into one line and exit code 2. */
@Command(name = "backprop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trains neural networks by backpropagation, after Michael Nielsen's "
                + "Neural Networks and Deep Learning.",
        subcommands = {
                TrainCommand.class,
                EvaluateCommand.class,
                InspectCommand.class,
                ShowCommand.class,
                DataCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit code for anything the user can fix: a bad flag, a missing or corrupt file, mismatched shapes. */
    public static final int USER_ERROR = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the stack trace of an error.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(out, err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            w.println("error: " + e.getMessage() + " (see '" + command + " --help')");
            if (debugRequested(args)) {
                e.printStackTrace(w);
            }
            return USER_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            PrintWriter w = cl.getErr();
            boolean debug = debugRequested(parseResult.originalArgs().toArray(String[]::new));
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

    private static String message(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
