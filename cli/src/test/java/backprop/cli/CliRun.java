package backprop.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** One in-process run of the {@code backprop} command line: its exit code and what it printed. */
record CliRun(String[] args, int exitCode, String out, String err) {
    /** What a stack trace or a leaked exception looks like in output meant for people. */
    private static final Pattern STACK_TRACE_LINE = Pattern.compile(
            "^\\s+at |Exception|java\\.lang\\.|java\\.io\\.|java\\.nio\\.|picocli\\.|com\\.fasterxml\\.");

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode;
        try (PrintWriter outWriter = new PrintWriter(out); PrintWriter errWriter = new PrintWriter(err)) {
            exitCode = Main.run(args, outWriter, errWriter);
        }
        return new CliRun(args, exitCode, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> outLinesStartingWith(String prefix) {
        return outLines().stream().filter(line -> line.startsWith(prefix)).toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** The one {@code error:} line. */
    String errorLine() {
        List<String> errors = errLines().stream().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), () -> "expected exactly one error line\n" + this);
        return errors.getFirst();
    }

    /** Exit code 0 and nothing on stderr but progress lines ("loading DIR"). */
    CliRun assertSuccess() {
        assertEquals(0, exitCode, () -> "expected success\n" + this);
        for (String line : errLines()) {
            assertTrue(line.startsWith("loading "), () -> "unexpected line on stderr: " + line + "\n" + this);
        }
        return this;
    }

    /**
     * A user error as the CLI promises them: exit code 2, exactly one line starting with {@code error:}
     * (after, at most, progress lines such as {@code loading DIR}), no stack trace, nothing about it on
     * stdout; the error line contains every one of {@code fragments}.
     */
    CliRun assertUserError(String... fragments) {
        assertEquals(Main.USER_ERROR, exitCode, () -> "expected exit code 2\n" + this);
        String error = errorLine();
        List<String> lines = errLines();
        assertEquals(error, lines.getLast(), () -> "the error line should come last\n" + this);
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertTrue(line.startsWith("loading "), () -> "unexpected line on stderr: " + line + "\n" + this);
        }
        for (String line : lines) {
            if (STACK_TRACE_LINE.matcher(line).find()) {
                fail("stack trace or exception class name on stderr: " + line + "\n" + this);
            }
        }
        assertTrue(!out.contains("error"), () -> "error text on stdout\n" + this);
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), () -> "error line should contain '" + fragment + "'\n" + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "$ backprop " + String.join(" ", args) + "\nexit code " + exitCode
                + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "---";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CliRun r && Arrays.equals(args, r.args) && exitCode == r.exitCode
                && out.equals(r.out) && err.equals(r.err);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(args) + out.hashCode();
    }
}
