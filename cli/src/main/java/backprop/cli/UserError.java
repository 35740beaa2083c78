package backprop.cli;

/** A problem the user can fix, reported as one line on stderr with exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    /** With the exception that revealed the problem, for {@code --debug}'s stack trace. */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
