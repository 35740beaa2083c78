// network.py, from chapter 1 of Michael Nielsen's "Neural Networks and Deep Learning", in Java 25.
//
//     java book/Network.java          (JDK 25 or later; nothing to build)
//
// trains the book's 784-30-10 network on MNIST, net.SGD(training_data, 30, 10, 3.0, test_data=test_data),
// printing network.py's "Epoch N: C / 10000" lines. MNIST comes from `./backprop data fetch mnist`.
//
// Read it next to network.py: the same methods in the same order, under the book's names (num_layers,
// update_mini_batch, nabla_b...), for which Java's naming conventions bend. The file is the class Network:
// its fields are the network; `java` makes one and runs main(). Vectors are double[], and weights[l][j][k]
// joins neuron k of layer l to neuron j of layer l+1 (the book's w^{l+1}_jk).

int num_layers;
int[] sizes;
double[][] biases;
double[][][] weights;
Random random = new Random();

/** One of mnist_loader's tuples (x, y): the 784 pixels of an image in [0, 1], and the desired output. */
record Example(double[] x, double[] y) {}

/** What backprop returns, network.py's tuple (nabla_b, nabla_w): shaped like biases and weights. */
record Gradient(double[][] nabla_b, double[][][] nabla_w) {}

void main() throws IOException {
    var mnist = load_data_wrapper();
    init(784, 30, 10);                                             // net = network.Network([784, 30, 10])
    SGD(mnist.training_data(), 30, 10, 3.0, mnist.test_data());
}

/** network.py's __init__: biases and weights drawn from N(0, 1); the input layer has no biases. */
void init(int... sizes) {
    this.num_layers = sizes.length;
    this.sizes = sizes;
    biases = new double[num_layers - 1][];
    weights = new double[num_layers - 1][][];
    for (int l = 0; l < num_layers - 1; l++) {
        biases[l] = randn(sizes[l + 1]);
        weights[l] = new double[sizes[l + 1]][];
        for (int j = 0; j < sizes[l + 1]; j++) weights[l][j] = randn(sizes[l]);
    }
}

/** The network's output for input a: a = σ(w a + b), one layer after another (equation 25). */
double[] feedforward(double[] a) {
    for (int l = 0; l < num_layers - 1; l++) a = sigmoid(add(dot(weights[l], a), biases[l]));
    return a;
}

/** Mini-batch stochastic gradient descent; with test_data, the score on it after each epoch. */
void SGD(List<Example> training_data, int epochs, int mini_batch_size, double eta, List<Example> test_data) {
    int n_test = test_data == null ? 0 : test_data.size();
    int n = training_data.size();
    for (int j = 0; j < epochs; j++) {
        Collections.shuffle(training_data, random);
        for (int k = 0; k < n; k += mini_batch_size) {
            update_mini_batch(training_data.subList(k, Math.min(k + mini_batch_size, n)), eta);
        }
        if (test_data != null) IO.println("Epoch " + j + ": " + evaluate(test_data) + " / " + n_test);
        else IO.println("Epoch " + j + " complete");
    }
}

/**
 * One step of gradient descent on a mini-batch of m examples (equations 20 and 21):
 * w → w - (η/m) Σ_x ∂C_x/∂w and b → b - (η/m) Σ_x ∂C_x/∂b.
 */
void update_mini_batch(List<Example> mini_batch, double eta) {
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
            for (int k = 0; k < sizes[l]; k++) weights[l][j][k] -= (eta / mini_batch.size()) * nabla_w[l][j][k];
            biases[l][j] -= (eta / mini_batch.size()) * nabla_b[l][j];
        }
    }
}

/** The gradient of the cost C_x of one example (x, y), by chapter 2's four equations BP1-BP4. */
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
    // backward pass; as in network.py, l counts layers from the end: Python's zs[-l] is zs[zs.length - l]
    var delta = multiply(cost_derivative(activations[activations.length - 1], y),                 // BP1
            sigmoid_prime(zs[zs.length - 1]));
    nabla_b[nabla_b.length - 1] = delta;                                                          // BP3
    nabla_w[nabla_w.length - 1] = outer(delta, activations[activations.length - 2]);               // BP4
    for (int l = 2; l < num_layers; l++) {
        var z = zs[zs.length - l];
        var sp = sigmoid_prime(z);
        delta = multiply(dot(transpose(weights[weights.length - l + 1]), delta), sp);              // BP2
        nabla_b[nabla_b.length - l] = delta;
        nabla_w[nabla_w.length - l] = outer(delta, activations[activations.length - l - 1]);
    }
    return new Gradient(nabla_b, nabla_w);
}

/** How many of test_data the network gets right; its answer is its most active output neuron. */
int evaluate(List<Example> test_data) {
    int correct = 0;
    for (var example : test_data) if (argmax(feedforward(example.x())) == argmax(example.y())) correct++;
    return correct;
}

/** ∂C_x/∂a for the quadratic cost C_x = ½‖y - a‖² (equation 6). */
double[] cost_derivative(double[] output_activations, double[] y) {
    return subtract(output_activations, y);
}

//// Miscellaneous functions: the sigmoid (equation 3), its derivative, and the numpy operations used above.

static double[] sigmoid(double[] z) { return vector(z.length, j -> 1.0 / (1.0 + Math.exp(-z[j]))); }
static double[] sigmoid_prime(double[] z) { var s = sigmoid(z); return vector(z.length, j -> s[j] * (1 - s[j])); }
static double[] add(double[] u, double[] v) { return vector(u.length, i -> u[i] + v[i]); }
static double[] subtract(double[] u, double[] v) { return vector(u.length, i -> u[i] - v[i]); }
static double[] multiply(double[] u, double[] v) { return vector(u.length, i -> u[i] * v[i]); }
/** The vector of the n values value(0), value(1)... */
static double[] vector(int n, IntToDoubleFunction value) { return IntStream.range(0, n).mapToDouble(value).toArray(); }
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
