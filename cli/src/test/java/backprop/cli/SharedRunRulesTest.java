package backprop.cli;

import backprop.run.Setting;
import backprop.testing.RefusedRuns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code train} refuses a run by {@code TrainingRun}'s rules, in the words the web API uses too
 * (web's {@code RunRulesApiTest} holds it to the same {@link RefusedRuns}), naming the flags.
 */
class SharedRunRulesTest {
    static List<RefusedRuns.Case> refusedRuns() {
        return RefusedRuns.all();
    }

    @ParameterizedTest
    @MethodSource("refusedRuns")
    void aRunBreakingARuleIsRefusedWithTheRulesMessageNamingTheFlags(RefusedRuns.Case refused) {
        List<String> args = new ArrayList<>(List.of("train"));
        for (Map.Entry<Setting, String> setting : refused.settings().entrySet()) {
            args.add(setting.getKey().flag());
            args.add(setting.getValue());
        }

        CliRun run = CliRun.run(args.toArray(String[]::new)).assertUserError();

        assertEquals("error: " + refused.message(Setting::flag), run.errorLine());
    }
}
