package backprop.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --help} on every command, {@code help COMMAND}, and {@code --version}. */
class HelpAndVersionTest {

    @ParameterizedTest(name = "backprop {0} --help mentions {1}")
    @CsvSource(delimiter = '|', value = {
            "train       | --layers --epochs --batch --eta --cost --lambda --init --seed --train-size --eval --save "
                    + "--from --no-shuffle --monitor --engine --threads --data --debug --recipe --activation --output "
                    + "--optimizer --momentum --l1 --dropout --schedule --min-eta --halve-on-plateau --early-stop --augment "
                    + "--plot --plot-gradients --checkpoint-every --resume --quiet --json --standardize --label-column --test",
            "recipes     | --recipe",
            "evaluate    | --model --data --split --matrix --confusion --mistakes --max-mistakes --label-column --test",
            "inspect     | --model --weights",
            "predict     | --model --json IMAGE softmax",
            "completion  | bash",
            "show        | --index --data --split --model --png --scale",
            "data        | fetch",
            "data fetch  | --dir mnist|fashion-mnist",
    })
    void helpOfEachCommandExitsZeroAndMentionsItsOptions(String command, String mentioned) {
        String[] args = (command.trim() + " --help").split(" +");
        CliRun run = CliRun.run(args);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertTrue(run.out().startsWith("Usage: backprop " + command.trim()), run::toString);
        for (String option : mentioned.trim().split(" +")) {
            assertTrue(run.out().contains(option), () -> "help should mention " + option + "\n" + run);
        }
        assertTrue(run.out().contains("--help"), run::toString);
    }

    @ParameterizedTest(name = "backprop {0} --help has examples")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "train", "recipes", "evaluate", "inspect", "show",
            "predict", "data", "data fetch", "serve", "completion"})
    void helpOfEveryCommandEndsWithExamples(String command) {
        CliRun run = CliRun.run((command + " --help").trim().split(" +"));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\nExamples:\n  backprop "), run::toString);
    }

    @Test
    void completionBashPrintsPicoclisScriptForEveryCommand() {
        CliRun run = CliRun.run("completion", "bash");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertTrue(run.out().contains("complete -F _complete_backprop") || run.out().contains("complete -F"),
                run::toString);
        for (String word : new String[]{"train", "evaluate", "predict", "--checkpoint-every", "--resume", "cross-entropy"}) {
            assertTrue(run.out().contains(word), () -> "the script should complete " + word);
        }
    }

    @Test
    void completionForAnotherShellIsAUserError() {
        CliRun.run("completion", "fish").assertUserError("fish", "bash");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        CliRun run = CliRun.run("--help");

        assertEquals(0, run.exitCode(), run::toString);
        for (String command : new String[]{"train", "recipes", "evaluate", "inspect", "show", "predict", "data",
                "completion", "help", "--version", "--debug"}) {
            assertTrue(run.out().contains(command), () -> "help should mention " + command + "\n" + run);
        }
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        CliRun run = CliRun.run();

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Usage: backprop"), run::toString);
    }

    @Test
    void helpCommandShowsTheHelpOfAnotherCommand() {
        CliRun run = CliRun.run("help", "train");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(CliRun.run("train", "--help").out(), run.out());
    }

    @Test
    void trainHelpShowsTheBooksDefaults() {
        CliRun run = CliRun.run("train", "--help");

        for (String fact : new String[]{"784,30,10", "default: 30", "default: 10", "default: 3.0", "default: fast",
                "default: sigmoid", "or softmax with --cost log-likelihood", "default: sgd", "default: 0.9",
                "default: eta/100", "eta/128", "default COPIES: 2", "default: none"}) {
            assertTrue(run.out().contains(fact), () -> "help should mention " + fact + "\n" + run);
        }
    }

    @Test
    void versionPrintsTheBackpropVersionAndJava() {
        CliRun run = CliRun.run("--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().getFirst().matches("backprop \\S+"), run::toString);
        assertTrue(run.outLines().get(1).startsWith("Java "), run::toString);
        assertEquals("", run.err());
    }
}
