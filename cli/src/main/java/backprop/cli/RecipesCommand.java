package backprop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backprop recipes}: the named sets of {@code train} flags, as {@code train --recipe list} shows them. */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "List the recipes for 'backprop train --recipe NAME' and the flags each one sets.")
final class RecipesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Recipe.printAll(spec.commandLine().getOut());
    }
}
