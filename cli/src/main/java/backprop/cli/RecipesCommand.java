package backprop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backprop recipes}: the named sets of {@code train} flags, as {@code train --recipe list} shows them. */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "List the recipes for 'backprop train --recipe NAME' and the flags each one sets.",
        footer = {"", "Examples:", "  backprop recipes",
                "  backprop train --recipe network2 --epochs 5      a recipe, with one of its settings overridden"})
final class RecipesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Recipe.printAll(spec.commandLine().getOut());
    }
}
