package backprop.train;

import java.util.Locale;

/**
 * How a gradient becomes a step. With {@code g} the mini-batch's mean gradient plus the
 * regularization terms, and {@code η} the learning rate:
 * <ul>
 *   <li>{@link Kind#SGD}: {@code θ ← θ - η g} (chapter 1; with L2 this is network2.py's rule)</li>
 *   <li>{@link Kind#MOMENTUM}: {@code v ← μ v - η g; θ ← θ + v} (chapter 3, "momentum-based gradient descent")</li>
 *   <li>{@link Kind#NESTEROV}: {@code v ← μ v - η g; θ ← θ + μ v - η g}, the gradient taken as if
 *       already at the look-ahead point (Sutskever et al. 2013, in the form of Bengio et al.)</li>
 *   <li>{@link Kind#ADAM}: {@code m ← β₁ m + (1-β₁) g; s ← β₂ s + (1-β₂) g²;
 *       θ ← θ - η m̂ / (√ŝ + ε)} with the bias corrections {@code m̂ = m/(1-β₁ᵗ)}, {@code ŝ = s/(1-β₂ᵗ)}
 *       (Kingma and Ba 2015)</li>
 * </ul>
 * Biases get the same steps without regularization, as in the book.
 */
public record Optimizer(Kind kind, double momentum, double beta1, double beta2, double epsilon) {

    /** The update rules, by the name {@code --optimizer} takes. */
    public enum Kind {
        SGD("sgd"), MOMENTUM("momentum"), NESTEROV("nesterov"), ADAM("adam");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name {@code --optimizer} takes. */
        public String id() {
            return id;
        }
    }

    /** Checks the parameters: {@code μ}, {@code β₁} and {@code β₂} in [0, 1), {@code ε} positive. */
    public Optimizer {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind is required");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam's betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam's epsilon must be positive, got " + epsilon);
        }
    }

    /** Plain SGD: {@code w → w - η ∇C}, the book's rule. */
    public static Optimizer sgd() {
        return new Optimizer(Kind.SGD, 0, 0.9, 0.999, 1e-8);
    }

    /** SGD with momentum {@code mu} (chapter 3's {@code μ}, usually 0.9). */
    public static Optimizer momentum(double mu) {
        return new Optimizer(Kind.MOMENTUM, mu, 0.9, 0.999, 1e-8);
    }

    /** Nesterov's accelerated momentum, with momentum {@code mu}. */
    public static Optimizer nesterov(double mu) {
        return new Optimizer(Kind.NESTEROV, mu, 0.9, 0.999, 1e-8);
    }

    /** Adam with Kingma and Ba's defaults: {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-8}. */
    public static Optimizer adam() {
        return new Optimizer(Kind.ADAM, 0, 0.9, 0.999, 1e-8);
    }

    /** Adam with its decay rates and {@code ε} given. */
    public static Optimizer adam(double beta1, double beta2, double epsilon) {
        return new Optimizer(Kind.ADAM, 0, beta1, beta2, epsilon);
    }

    /** By flag name: {@code sgd}, {@code momentum}, {@code nesterov}, {@code adam}; {@code mu} for the momentum kinds. */
    public static Optimizer parse(String name, double mu) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> sgd();
            case "momentum" -> momentum(mu);
            case "nesterov" -> nesterov(mu);
            case "adam" -> adam();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "' (expected one of [sgd, momentum, nesterov, adam])");
        };
    }

    /** How many state arrays of the parameters' shape the optimizer keeps (velocity; Adam's two moments). */
    public int stateCount() {
        return switch (kind) {
            case SGD -> 0;
            case MOMENTUM, NESTEROV -> 1;
            case ADAM -> 2;
        };
    }

    /** A short description for logs and provenance, e.g. {@code "momentum(0.9)"}. */
    public String describe() {
        return switch (kind) {
            case SGD -> "sgd";
            case MOMENTUM, NESTEROV -> kind.id() + "(" + momentum + ")";
            case ADAM -> beta1 == 0.9 && beta2 == 0.999 && epsilon == 1e-8
                    ? "adam" : "adam(" + beta1 + ", " + beta2 + ", " + epsilon + ")";
        };
    }
}
