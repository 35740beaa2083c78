package backprop.cli;

import backprop.run.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code backprop recipes}: the named sets of {@code train} flags, as {@code train --recipe list} shows them. */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "List the recipes for 'backprop train --recipe NAME' and the flags each one sets.",
        footer = {"", "Examples:", "  backprop recipes",
                "  backprop train --recipe network2 --epochs 5      a recipe, with one of its settings overridden"})
final class RecipesCommand implements Runnable {
    /** The value of {@code train --recipe} that lists the recipes instead of training. */
    static final String LIST = "list";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        printAll(spec.commandLine().getOut());
    }

    static void printAll(PrintWriter out) {
        for (Recipe recipe : Recipe.values()) {
            out.println(recipe.id() + ": " + recipe.description());
            out.println("    " + String.join(" ", recipe.flags()));
        }
        out.println();
        out.println("Use one with 'backprop train --recipe NAME'; flags given as well override its settings, "
                + "e.g. --recipe network2 --epochs 5.");
        out.flush();
    }
}
