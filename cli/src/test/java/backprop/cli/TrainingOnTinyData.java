package backprop.cli;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Base of the command tests that run {@code backprop train} on {@link IdxFiles#tiny} data, in milliseconds. */
abstract class TrainingOnTinyData {
    @TempDir
    Path temp;

    /** The directory of the tiny data set, written on first use in this test's temporary directory. */
    String data() {
        return IdxFiles.tiny(temp.resolve("tiny")).toString();
    }

    /**
     * {@code train --data TINY --layers 16,8,10 --epochs 2 --batch 5} with {@code options} (flags and
     * their values) added, replacing those defaults they name.
     */
    CliRun train(String... options) {
        Map<String, String> defaults = new LinkedHashMap<>(Map.of("--layers", "16,8,10", "--epochs", "2", "--batch", "5"));
        List<String> args = new ArrayList<>(List.of("train", "--data", data()));
        for (int i = 0; i < options.length; i++) {
            args.add(options[i]);
            boolean flagWithValue = i + 1 < options.length && !options[i + 1].startsWith("--");
            if (flagWithValue) {
                defaults.remove(options[i]);
                args.add(options[++i]);
            }
        }
        defaults.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        return CliRun.run(args.toArray(String[]::new));
    }
}
