package backprop.cli;

import backprop.Engine;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.train.Optimizer;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Function;

/** Flag values parsed by the library's own {@code parse} methods, so the messages list what is allowed. */
final class Converters {
    private Converters() {
    }

    private static <T> T convert(String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static final class CostConverter implements CommandLine.ITypeConverter<Cost> {
        @Override
        public Cost convert(String value) {
            return Converters.convert(value, Cost::parse);
        }
    }

    static final class InitializerConverter implements CommandLine.ITypeConverter<Initializer> {
        @Override
        public Initializer convert(String value) {
            return Converters.convert(value, Initializer::parse);
        }
    }

    static final class ActivationConverter implements CommandLine.ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            return Converters.convert(value, Activation::parse);
        }
    }

    static final class EngineConverter implements CommandLine.ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            return Converters.convert(value, Engine::parse);
        }
    }

    /** The optimizer's kind; its momentum comes from its own flag. */
    static final class OptimizerKindConverter implements CommandLine.ITypeConverter<Optimizer.Kind> {
        @Override
        public Optimizer.Kind convert(String value) {
            return Converters.convert(value, name -> Optimizer.parse(name, 0.0).kind());
        }
    }

    static final class CostNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Cost.values()).map(Cost::id).iterator();
        }
    }

    static final class InitializerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Initializer.values()).map(Initializer::id).iterator();
        }
    }

    static final class EngineNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Engine.values()).map(Engine::id).iterator();
        }
    }

    static final class ActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Activation.values()).map(Activation::id).iterator();
        }
    }

    static final class OptimizerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Optimizer.Kind.values()).map(Optimizer.Kind::id).iterator();
        }
    }
}
