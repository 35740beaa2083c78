package backprop.architecture;

import backprop.nn.Network;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module {@code backprop.core} as a module-path user gets it, read from the compiled classes: it exports
 * exactly the API packages README.md and docs/ARCHITECTURE.md name, and every other package is one we chose
 * to hide, so a new package is exported or hidden on purpose, never by accident.
 */
class ModuleDescriptorTest {
    private static final String MODULE = "backprop.core";

    private static final Set<String> API = Set.of(
            "backprop", "backprop.data", "backprop.image", "backprop.io", "backprop.io.onnx",
            "backprop.io.safetensors", "backprop.nn", "backprop.predict", "backprop.reference", "backprop.run",
            "backprop.train");

    /** The fast engine's internals: reached through {@code backprop.Engine} and the Predictor only. */
    private static final Set<String> HIDDEN = Set.of("backprop.engine");

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static ModuleFinder coreAndJackson() {
        return ModuleFinder.of(locationOf(Network.class), locationOf(ObjectMapper.class),
                locationOf(JsonFactory.class), locationOf(JsonProperty.class));
    }

    private static ModuleDescriptor core() {
        return ModuleFinder.of(locationOf(Network.class)).find(MODULE)
                .map(ModuleReference::descriptor)
                .orElseThrow(() -> new AssertionError("no module " + MODULE + " in " + locationOf(Network.class)));
    }

    @Test
    void exportsExactlyTheApiPackagesToEveryone() {
        ModuleDescriptor core = core();
        Set<String> exported = core.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API), exported);
        assertTrue(core.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified),
                "an export to named modules only: " + core.exports());
        assertEquals(Set.of(), core.opens(), "opened packages");
        assertFalse(core.isOpen(), "an open module gives reflection into every package");
    }

    @Test
    void everyPackageIsEitherApiOrDeliberatelyHidden() {
        Set<String> unclassified = new TreeSet<>(core().packages());
        unclassified.removeAll(API);
        unclassified.removeAll(HIDDEN);
        assertEquals(Set.of(), unclassified,
                "packages neither exported nor listed as hidden: export them in module-info.java or add them to HIDDEN");
    }

    @Test
    void requiresTheVectorApiSoTheModulePathNeedsNoAddModules() {
        Set<String> required = core().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertTrue(required.contains("jdk.incubator.vector"), required.toString());
    }

    @Test
    void resolvesOnTheModulePathWithJacksonAloneAndHidesTheEngine() throws ReflectiveOperationException {
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(coreAndJackson(), ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer layer = ModuleLayer.boot()
                .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        Module core = layer.findModule(MODULE).orElseThrow();

        for (String api : API) {
            assertTrue(core.isExported(api), api);
        }
        for (String hidden : HIDDEN) {
            assertFalse(core.isExported(hidden), hidden);
        }
        Class<?> engine = core.getClassLoader().loadClass("backprop.Engine");
        assertEquals(core, engine.getModule(), "backprop.Engine came from the class path, not the layer");
        assertEquals("FAST", engine.getMethod("parse", String.class).invoke(null, "fast").toString());
    }
}
