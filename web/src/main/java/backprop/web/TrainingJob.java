package backprop.web;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.io.Provenance;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.BackpropFactory;
import backprop.train.EpochResult;
import backprop.train.MiniBatchSgd;
import backprop.train.Monitor;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;
import backprop.train.TrainingOptions;
import backprop.train.TrainingResult;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One training run started from the page. It listens to its own run: after every epoch it records
 * the costs and accuracy, publishes them to the event streams and makes the network so far the
 * served model, so the page can draw the curves and try the network while it learns.
 */
final class TrainingJob implements TrainingListener {
    enum State { RUNNING, STOPPING, FINISHED, STOPPED, FAILED }

    static final String STOPPED_FROM_THE_PAGE = "stopped from the page";

    /** Progress events at most this often: enough for a smooth bar, few enough for any stream. */
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    /** The request's settings, as JSON shows them. */
    record Settings(List<Integer> layers, int epochs, int batchSize, double eta, double lambda, String cost,
                    String activation, String init, Integer trainingExamples, long seed) {
        static Settings of(TrainingRequest r) {
            return new Settings(r.layers(), r.epochs(), r.miniBatchSize(), r.learningRate(), r.lambda(), r.cost().id(),
                    r.activation().id(), r.initializer().id(), r.trainingExamples(), r.seed());
        }
    }

    /** One epoch's measurements; costs include the L2 term; null where not measured. */
    record Epoch(int epoch, double seconds, Double trainingCost, Double evaluationCost, Double evaluationAccuracy,
                 Integer evaluationCorrect, int evaluationSize) {
        static Epoch of(EpochResult r) {
            return new Epoch(r.epoch(), r.trainingSeconds(),
                    r.trainingCost().isPresent() ? finiteOrNull(r.trainingCost().getAsDouble()) : null,
                    r.evaluationCost().isPresent() ? finiteOrNull(r.evaluationCost().getAsDouble()) : null,
                    r.evaluationAccuracy().isPresent() ? r.evaluationAccuracy().getAsDouble() : null,
                    r.evaluationCorrect().isPresent() ? r.evaluationCorrect().getAsInt() : null,
                    r.evaluationSize());
        }

        private static Double finiteOrNull(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    /** Where a job stands: the answer of {@code GET /api/train} and the data of most events. */
    record Status(int job, String state, boolean running, Settings settings, String data, int trainingExamples,
                  String evaluationData, int epochsDone, List<Epoch> history, String stopReason, String error) {
        static Status idle() {
            return new Status(0, "idle", false, null, null, 0, null, 0, List.of(), null, null);
        }
    }

    record Progress(int job, int epoch, int epochs, int examplesDone, int examples) {
    }

    record EpochEvent(int job, int epochs, Epoch result) {
    }

    private final int id;
    private final TrainingRequest request;
    private final Dataset training;
    private final Dataset evaluation;
    private final String dataName;
    private final CurrentModel model;
    private final TrainingEvents events;
    private final Consumer<String> log;
    private final List<Epoch> history = new CopyOnWriteArrayList<>();
    private volatile State state = State.RUNNING;
    private volatile boolean stopRequested;
    private volatile MiniBatchSgd sgd;
    private volatile String stopReason;
    private volatile String error;
    private long lastProgress;

    TrainingJob(int id, TrainingRequest request, Dataset training, Dataset evaluation, String dataName,
                CurrentModel model, TrainingEvents events, Consumer<String> log) {
        this.id = id;
        this.request = request;
        this.training = training;
        this.evaluation = evaluation;
        this.dataName = dataName;
        this.model = model;
        this.events = events;
        this.log = log;
    }

    int id() {
        return id;
    }

    boolean isRunning() {
        State s = state;
        return s == State.RUNNING || s == State.STOPPING;
    }

    /**
     * Asks the run to end after the mini-batch in progress: at batch size 1 on a large network an epoch
     * can take minutes, a mini-batch takes milliseconds.
     */
    void requestStop() {
        if (isRunning()) {
            stopRequested = true;
            state = State.STOPPING;
            MiniBatchSgd running = sgd;
            if (running != null) {
                running.interrupt();
            }
        }
    }

    Status status() {
        return new Status(id, state.name().toLowerCase(Locale.ROOT), isRunning(), Settings.of(request),
                dataName, training.size(), evaluation == null ? null : evaluation.name(), history.size(),
                List.copyOf(history), stopReason, error);
    }

    /** Runs the job to its end on the calling thread; never throws (a failure becomes the job's state). */
    void run(BackpropFactory engine) {
        log.accept("training job " + id + " started: " + request.describe() + " on " + training.size() + " examples");
        try {
            Network start = Network.initialize(request.sizes(), request.activation(), request.outputActivation(),
                    request.cost(), request.initializer(), new SeededRandom(request.seed()));
            TrainingOptions options = new TrainingOptions(request.epochs(), request.miniBatchSize(),
                    request.learningRate(), request.lambda(), true, request.seed());
            Monitor monitor = new Monitor(true, false, evaluation != null, evaluation != null);
            sgd = new MiniBatchSgd(options, monitor, List.of(this));
            if (stopRequested) {
                sgd.interrupt();
            }
            TrainingResult result = sgd.train(start, training, evaluation, engine);
            if (result.network().isFinite()) {
                serve(result.network());
            }
            stopReason = stopRequested ? STOPPED_FROM_THE_PAGE : result.history().stopReason().orElse(null);
            state = stopReason == null ? State.FINISHED : stopRequested ? State.STOPPED : State.FAILED;
            if (state == State.FAILED) {
                error = stopReason;
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            state = State.FAILED;
            log.accept("training job " + id + " failed: " + e);
        }
        log.accept("training job " + id + " " + state.name().toLowerCase(Locale.ROOT) + " after "
                + history.size() + " epochs" + (stopReason == null ? "" : " (" + stopReason + ")"));
        events.publish(new TrainingEvents.Event("finished", status()));
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        lastProgress = System.nanoTime();
        events.publish(new TrainingEvents.Event("progress",
                new Progress(id, epoch, request.epochs(), 0, training.size())));
    }

    @Override
    public void batchFinished(int epoch, int batch, int batches, int examplesDone) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            events.publish(new TrainingEvents.Event("progress",
                    new Progress(id, epoch, request.epochs(), examplesDone, training.size())));
        }
    }

    @Override
    public void epochFinished(EpochResult result, TrainingControl control) {
        Epoch epoch = Epoch.of(result);
        history.add(epoch);
        Network network = control.network();
        if (!network.isFinite()) {
            // Keep serving the last good network; a NaN network answers nothing useful.
            control.stop("training diverged (NaN or infinite weights); try a smaller eta");
        } else {
            serve(network);
        }
        if (stopRequested) {
            control.stop(STOPPED_FROM_THE_PAGE);
        }
        events.publish(new TrainingEvents.Event("epoch", new EpochEvent(id, request.epochs(), epoch)));
    }

    private void serve(Network network) {
        Epoch last = history.isEmpty() ? null : history.getLast();
        Provenance provenance = Provenance.now()
                .withData(dataName, training.size())
                .withSeed(request.seed())
                .withEngine(Engine.FAST.id())
                .withHyperParameters(request.epochs(), request.miniBatchSize(), request.learningRate(), request.lambda(),
                        request.initializer().id(), true)
                .withResult(history.size(), last == null ? null : last.evaluationAccuracy())
                .withExtra("trained", "web playground, job " + id);
        model.set(network, "trained on the page (job " + id + ", epoch " + history.size() + " of "
                + request.epochs() + ")", provenance);
    }
}
