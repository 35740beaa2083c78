// network2.py, from chapter 3 of Michael Nielsen's "Neural Networks and Deep Learning", in Java 25:
// network.py with the cross-entropy cost, L2 regularization, better starting weights and monitoring.
//
//     java book/Network2.java         (JDK 25 or later; nothing to build)
//
// runs chapter 3's example of L2 regularization on all 50,000 training images, as the book does:
//     net = network2.Network([784, 30, 10], cost=network2.CrossEntropyCost)
//     net.large_weight_initializer()
//     net.SGD(training_data, 30, 10, 0.5, evaluation_data=test_data, lmbda = 5.0,
//             monitor_evaluation_accuracy=True, monitor_training_accuracy=True)
// printing what network2.py prints. MNIST comes from `./backprop data fetch mnist`.
//
// Read it next to network2.py: the same methods in the same order, under the book's names (num_layers,
// update_mini_batch, lmbda...), for which Java's naming conventions bend. The file is the class Network2:
// its fields are the network; `java` makes one and runs main(). Vectors are double[], and weights[l][j][k]
// joins neuron k of layer l to neuron j of layer l+1. Every y is a vector (mnist_loader keeps the test
// labels as digits, which is what network2.py's `convert` flags are for; here they are not needed).

int num_layers;
int[] sizes;
double[][] biases;
double[][][] weights;
Cost cost;
Random random = new Random();

/** network2.py's cost classes: fn is the cost C_x of one example, delta its output error δ^L (BP1). */
enum Cost {
    /** C_x = ½‖a - y‖² (equation 6), δ^L = (a - y) ⊙ σ'(z). */
    QuadraticCost {
        double fn(double[] a, double[] y) { return 0.5 * Arrays.stream(subtract(a, y)).map(d -> d * d).sum(); }
        double[] delta(double[] z, double[] a, double[] y) { return multiply(subtract(a, y), sigmoid_prime(z)); }
    },
    /** C_x = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)] (equation 63), δ^L = a - y: σ'(z) cancels (66). */
    CrossEntropyCost {
        double fn(double[] a, double[] y) {
            return IntStream.range(0, a.length)
                    .mapToDouble(j -> nan_to_num(-y[j] * Math.log(a[j]) - (1 - y[j]) * Math.log(1 - a[j]))).sum();
        }
        double[] delta(double[] z, double[] a, double[] y) { return subtract(a, y); }
    };

    abstract double fn(double[] a, double[] y);
    abstract double[] delta(double[] z, double[] a, double[] y);
}

/** One of mnist_loader's tuples (x, y): the 784 pixels of an image in [0, 1], and the desired output. */
record Example(double[] x, double[] y) {}

/** What backprop returns, network2.py's tuple (nabla_b, nabla_w): shaped like biases and weights. */
record Gradient(double[][] nabla_b, double[][][] nabla_w) {}

/** What SGD returns: the costs and accuracies measured after each epoch (the lists not monitored stay empty). */
record Monitoring(List<Double> evaluation_cost, List<Integer> evaluation_accuracy,
                  List<Double> training_cost, List<Integer> training_accuracy) {}

void main() throws IOException {
    var mnist = load_data_wrapper();
    init(new int[] {784, 30, 10}, Cost.CrossEntropyCost);
    large_weight_initializer();
    boolean monitor_evaluation_cost = false, monitor_evaluation_accuracy = true,
            monitor_training_cost = false, monitor_training_accuracy = true;
    SGD(mnist.training_data(), 30, 10, 0.5, /* lmbda */ 5.0, /* evaluation_data */ mnist.test_data(),
            monitor_evaluation_cost, monitor_evaluation_accuracy, monitor_training_cost, monitor_training_accuracy);
}

/** network2.py's __init__. */
void init(int[] sizes, Cost cost) {
    this.num_layers = sizes.length;
    this.sizes = sizes;
    default_weight_initializer();
    this.cost = cost;
}

/** Biases N(0, 1); weights N(0, 1/n_in), n_in the neuron's inputs, so that z starts small and σ unsaturated. */
void default_weight_initializer() {
    biases = new double[num_layers - 1][];
    weights = new double[num_layers - 1][][];
    for (int l = 0; l < num_layers - 1; l++) {
        biases[l] = randn(sizes[l + 1]);
        weights[l] = new double[sizes[l + 1]][];
        for (int j = 0; j < sizes[l + 1]; j++) weights[l][j] = divide(randn(sizes[l]), Math.sqrt(sizes[l]));
    }
}

/** Biases and weights N(0, 1), as in chapter 1: kept to compare with. */
void large_weight_initializer() {
    for (int l = 0; l < num_layers - 1; l++) {
        biases[l] = randn(sizes[l + 1]);
        for (int j = 0; j < sizes[l + 1]; j++) weights[l][j] = randn(sizes[l]);
    }
}

/** The network's output for input a: a = σ(w a + b), one layer after another (equation 25). */
double[] feedforward(double[] a) {
    for (int l = 0; l < num_layers - 1; l++) a = sigmoid(add(dot(weights[l], a), biases[l]));
    return a;
}

/** Mini-batch stochastic gradient descent with L2 regularization, measuring what the monitor_ flags ask for. */
Monitoring SGD(List<Example> training_data, int epochs, int mini_batch_size, double eta, double lmbda,
               List<Example> evaluation_data, boolean monitor_evaluation_cost, boolean monitor_evaluation_accuracy,
               boolean monitor_training_cost, boolean monitor_training_accuracy) {
    int n_data = evaluation_data == null ? 0 : evaluation_data.size();
    int n = training_data.size();
    var monitoring = new Monitoring(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int j = 0; j < epochs; j++) {
        Collections.shuffle(training_data, random);
        for (int k = 0; k < n; k += mini_batch_size) {
            update_mini_batch(training_data.subList(k, Math.min(k + mini_batch_size, n)), eta, lmbda, n);
        }
        IO.println("Epoch " + j + " training complete");
        if (monitor_training_cost) {
            monitoring.training_cost().add(total_cost(training_data, lmbda));
            IO.println("Cost on training data: " + monitoring.training_cost().getLast());
        }
        if (monitor_training_accuracy) {
            monitoring.training_accuracy().add(accuracy(training_data));
            IO.println("Accuracy on training data: " + monitoring.training_accuracy().getLast() + " / " + n);
        }
        if (monitor_evaluation_cost) {
            monitoring.evaluation_cost().add(total_cost(evaluation_data, lmbda));
            IO.println("Cost on evaluation data: " + monitoring.evaluation_cost().getLast());
        }
        if (monitor_evaluation_accuracy) {
            monitoring.evaluation_accuracy().add(accuracy(evaluation_data));
            IO.println("Accuracy on evaluation data: " + monitoring.evaluation_accuracy().getLast() + " / " + n_data);
        }
        IO.println();
    }
    return monitoring;
}

/**
 * One step of gradient descent with weight decay, n the size of the training data:
 * w → (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w (equation 93) and b → b - (η/m) Σ_x ∂C_x/∂b (equation 94).
 */
void update_mini_batch(List<Example> mini_batch, double eta, double lmbda, int n) {
    var nabla_b = Arrays.stream(biases).map(b -> new double[b.length]).toArray(double[][]::new);
    var nabla_w = Arrays.stream(weights).map(w -> new double[w.length][w[0].length]).toArray(double[][][]::new);
    for (var example : mini_batch) {
        var delta_nabla = backprop(example.x(), example.y());
        for (int l = 0; l < num_layers - 1; l++) {
            for (int j = 0; j < sizes[l + 1]; j++) {
                nabla_b[l][j] += delta_nabla.nabla_b()[l][j];
                for (int k = 0; k < sizes[l]; k++) nabla_w[l][j][k] += delta_nabla.nabla_w()[l][j][k];
            }
        }
    }
    for (int l = 0; l < num_layers - 1; l++) {
        for (int j = 0; j < sizes[l + 1]; j++) {
            for (int k = 0; k < sizes[l]; k++) {
                weights[l][j][k] = (1 - eta * (lmbda / n)) * weights[l][j][k]
                        - (eta / mini_batch.size()) * nabla_w[l][j][k];
            }
            biases[l][j] -= (eta / mini_batch.size()) * nabla_b[l][j];
        }
    }
}

/** The gradient of the cost C_x for one example, by chapter 2's four equations; l counts layers from the end. */
Gradient backprop(double[] x, double[] y) {
    var nabla_b = new double[num_layers - 1][];
    var nabla_w = new double[num_layers - 1][][];
    // feedforward, keeping every activation and every z, layer by layer
    var activation = x;
    var activations = new double[num_layers][];
    var zs = new double[num_layers - 1][];
    activations[0] = x;
    for (int l = 0; l < num_layers - 1; l++) {
        var z = add(dot(weights[l], activation), biases[l]);
        zs[l] = z;
        activation = sigmoid(z);
        activations[l + 1] = activation;
    }
    // backward pass; Python's zs[-l] is zs[zs.length - l] here
    var delta = cost.delta(zs[zs.length - 1], activations[activations.length - 1], y);     // BP1
    nabla_b[nabla_b.length - 1] = delta;                                                     // BP3
    nabla_w[nabla_w.length - 1] = outer(delta, activations[activations.length - 2]);          // BP4
    for (int l = 2; l < num_layers; l++) {
        var z = zs[zs.length - l];
        var sp = sigmoid_prime(z);
        delta = multiply(dot(transpose(weights[weights.length - l + 1]), delta), sp);         // BP2
        nabla_b[nabla_b.length - l] = delta;
        nabla_w[nabla_w.length - l] = outer(delta, activations[activations.length - l - 1]);
    }
    return new Gradient(nabla_b, nabla_w);
}

/** How many of data the network gets right: its answer is the most active output neuron. */
int accuracy(List<Example> data) {
    int correct = 0;
    for (var example : data) if (argmax(feedforward(example.x())) == argmax(example.y())) correct++;
    return correct;
}

/** The mean cost over data plus the L2 term (λ/2n) Σ w², n the size of data (equation 87). */
double total_cost(List<Example> data, double lmbda) {
    double cost = 0.0;
    for (var example : data) cost += this.cost.fn(feedforward(example.x()), example.y()) / data.size();
    double squares = 0.0;
    for (var w : weights) for (var row : w) for (var v : row) squares += v * v;
    return cost + 0.5 * (lmbda / data.size()) * squares;
}

/** Saves the network as network2.py does: JSON with sizes, weights, biases (as columns) and the cost's name. */
void save(String filename) throws IOException {
    var columns = Arrays.stream(biases).map(b -> Arrays.stream(b).mapToObj(v -> new double[] {v}).toArray());
    Files.writeString(Path.of(filename), "{\"sizes\": " + Arrays.toString(sizes) + ", \"weights\": "
            + Arrays.deepToString(weights) + ", \"biases\": " + Arrays.deepToString(columns.toArray())
            + ", \"cost\": \"" + cost.name() + "\"}");
}

/** network2.py's load(filename), which returns a new network; here this network becomes the saved one. */
void load(String filename) throws IOException {
    var data = Files.readString(Path.of(filename));
    var cost = Pattern.compile("\"cost\"\\s*:\\s*\"(\\w+)\"").matcher(data).results().findFirst().orElseThrow();
    init(numbers(data, "sizes").mapToInt(v -> (int) v).toArray(), Cost.valueOf(cost.group(1)));
    var w = numbers(data, "weights").iterator();
    var b = numbers(data, "biases").iterator();
    for (int l = 0; l < num_layers - 1; l++) {
        for (int j = 0; j < sizes[l + 1]; j++) {
            for (int k = 0; k < sizes[l]; k++) weights[l][j][k] = w.nextDouble();
            biases[l][j] = b.nextDouble();
        }
    }
}

/** The numbers of the JSON array after "key":, in order; the array ends where its brackets balance. */
static DoubleStream numbers(String json, String key) {
    int start = json.indexOf('[', json.indexOf("\"" + key + "\"")), end = start, depth = 0;
    do {
        depth += switch (json.charAt(end++)) { case '[' -> 1; case ']' -> -1; default -> 0; };
    } while (depth > 0);
    return Pattern.compile("-?\\d[\\d.eE+-]*").matcher(json.substring(start, end)).results()
            .mapToDouble(number -> Double.parseDouble(number.group()));
}

//// Miscellaneous functions: the sigmoid (equation 3), its derivative, and the numpy operations used above.

static double[] sigmoid(double[] z) { return vector(z.length, j -> 1.0 / (1.0 + Math.exp(-z[j]))); }
static double[] sigmoid_prime(double[] z) { var s = sigmoid(z); return vector(z.length, j -> s[j] * (1 - s[j])); }
static double[] add(double[] u, double[] v) { return vector(u.length, i -> u[i] + v[i]); }
static double[] subtract(double[] u, double[] v) { return vector(u.length, i -> u[i] - v[i]); }
static double[] multiply(double[] u, double[] v) { return vector(u.length, i -> u[i] * v[i]); }
/** The vector of the n values value(0), value(1)... */
static double[] vector(int n, IntToDoubleFunction value) { return IntStream.range(0, n).mapToDouble(value).toArray(); }
static double[] divide(double[] u, double c) { return vector(u.length, i -> u[i] / c); }
static double nan_to_num(double v) { return Double.isNaN(v) ? 0 : Math.clamp(v, -Double.MAX_VALUE, Double.MAX_VALUE); }
double[] randn(int n) { return DoubleStream.generate(random::nextGaussian).limit(n).toArray(); }

static double[] dot(double[][] w, double[] a) {
    var z = new double[w.length];
    for (int j = 0; j < w.length; j++) for (int k = 0; k < a.length; k++) z[j] += w[j][k] * a[k];
    return z;
}

static double[][] transpose(double[][] w) {
    var t = new double[w[0].length][w.length];
    for (int j = 0; j < w.length; j++) for (int k = 0; k < w[0].length; k++) t[k][j] = w[j][k];
    return t;
}

/** np.dot(delta, a.transpose()) for column vectors delta and a: the matrix of all delta_j a_k. */
static double[][] outer(double[] delta, double[] a) {
    var m = new double[delta.length][a.length];
    for (int j = 0; j < delta.length; j++) for (int k = 0; k < a.length; k++) m[j][k] = delta[j] * a[k];
    return m;
}

static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
}

//// mnist_loader.load_data_wrapper, reading the files that `./backprop data fetch mnist` keeps: the first
//// 50,000 training images to train on, the other 10,000 to validate with, and the 10,000 test images.

record Data(List<Example> training_data, List<Example> validation_data, List<Example> test_data) {}

static Data load_data_wrapper() throws IOException {
    var data = System.getenv("BACKPROP_DATA");
    var directories = data == null || data.isBlank()
            ? List.of(Path.of(System.getProperty("user.home"), ".cache", "backprop", "mnist"))
            : List.of(Path.of(data), Path.of(data, "mnist"));
    var files = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    var found = directories.stream()
            .filter(directory -> files.stream().allMatch(file -> Files.isRegularFile(directory.resolve(file))))
            .findFirst();
    if (found.isEmpty()) {
        System.err.println("MNIST is not in " + directories.getLast() + ": run ./backprop data fetch mnist first");
        System.exit(2);
    }
    var training = read_idx(found.get(), "train");
    return new Data(new ArrayList<>(training.subList(0, 50_000)), training.subList(50_000, 60_000),
                    read_idx(found.get(), "t10k"));
}

/** The examples of IDX files: after a magic number and the sizes (big-endian ints), a byte a pixel or label. */
static List<Example> read_idx(Path directory, String set) throws IOException {
    var images = ByteBuffer.wrap(Files.readAllBytes(directory.resolve(set + "-images-idx3-ubyte")));
    var labels = Files.readAllBytes(directory.resolve(set + "-labels-idx1-ubyte"));
    int n = images.getInt(4), pixels = images.getInt(8) * images.getInt(12);
    var examples = new ArrayList<Example>();
    for (int i = 0; i < n; i++) {
        var x = new double[pixels];
        for (int k = 0; k < pixels; k++) x[k] = (images.get(16 + i * pixels + k) & 0xFF) / 255.0;
        examples.add(new Example(x, vectorized_result(labels[8 + i])));
    }
    return examples;
}

/** The desired output for digit j: 1.0 in place j, 0.0 elsewhere. */
static double[] vectorized_result(int j) {
    var e = new double[10];
    e[j] = 1.0;
    return e;
}
