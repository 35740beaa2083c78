package backprop.web;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.io.Provenance;
import backprop.nn.Architecture;
import backprop.nn.Network;
import backprop.nn.Shape;
import backprop.reference.LayerLearningSpeed;
import backprop.run.TrainingRun;
import backprop.train.BackpropFactory;
import backprop.train.EpochResult;
import backprop.train.MiniBatchSgd;
import backprop.train.Monitor;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;
import backprop.train.TrainingOptions;
import backprop.train.TrainingResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One training run started from the page. It listens to its own run: after every epoch it records
 * the costs and accuracies, publishes them to the event streams and makes the network so far the
 * served model, so the page can draw the curves and try the network while it learns; within an
 * epoch it serves a snapshot every {@link #SNAPSHOT_INTERVAL_NANOS}, so that a long epoch's learning
 * shows too.
 */
final class TrainingJob implements TrainingListener {
    enum State { RUNNING, STOPPING, FINISHED, STOPPED, FAILED }

    static final String STOPPED_FROM_THE_PAGE = "stopped from the page";

    /** Progress events at most this often: enough for a smooth bar, few enough for any stream. */
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    /** Mid-epoch snapshots of the network at most this often: the diagram's refresh while it trains. */
    static final long SNAPSHOT_INTERVAL_NANOS = 1_000_000_000L;

    /** The request's settings, as JSON shows them; {@code layers} as typed (sizes, or the notation). */
    record Settings(String layers, int epochs, int batchSize, double eta, double lambda, double l1, String cost,
                    String activation, String init, String optimizer, double dropout, String schedule,
                    String augment, Integer trainingExamples, long seed, boolean layerSpeed) {
        static Settings of(PlaygroundRun request) {
            TrainingRun run = request.run();
            TrainingOptions options = run.options();
            return new Settings(layersText(request.design()), options.epochs(), options.miniBatchSize(),
                    options.learningRate(), options.lambda(), options.l1(), run.costOrDefault().id(),
                    run.activation().id(), run.init().id(), options.optimizer().describe(), options.dropout(),
                    run.schedule() == null ? "none" : run.schedule().id(), run.augment().id(), run.trainSize(),
                    run.seed(), request.layerSpeed());
        }

        /** Sizes for a fully connected network, the notation otherwise. */
        private static String layersText(Architecture design) {
            if (!design.isFullyConnected()) {
                return design.notation();
            }
            List<String> sizes = new ArrayList<>();
            for (Shape shape : design.shapes()) {
                sizes.add(Integer.toString(shape.size()));
            }
            return String.join(",", sizes);
        }

        /** For people: "784,30,10, 5 epochs, batch 10, eta 3.0, quadratic cost". */
        String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(layers);
            parts.add(epochs + " epochs, batch " + batchSize + ", eta " + eta);
            if (lambda > 0) {
                parts.add("lambda " + lambda);
            }
            if (l1 > 0) {
                parts.add("L1 " + l1);
            }
            if (!optimizer.equals("sgd")) {
                parts.add(optimizer);
            }
            if (dropout > 0) {
                parts.add("dropout " + dropout);
            }
            if (!schedule.equals("none")) {
                parts.add(schedule + " schedule");
            }
            if (!augment.equals("none")) {
                parts.add(augment + " copies");
            }
            parts.add(cost + " cost");
            return String.join(", ", parts);
        }
    }

    /**
     * One epoch's measurements; costs include the regularization terms; null where not measured.
     *
     * @param layerSpeed each hidden layer's learning speed (see {@link LayerLearningSpeed}), when asked for
     */
    record Epoch(int epoch, double seconds, double learningRate, Double trainingCost, Double trainingAccuracy,
                 Double evaluationCost, Double evaluationAccuracy, Integer evaluationCorrect, int evaluationSize,
                 double examplesPerSecond, double[] layerSpeed) {
        static Epoch of(EpochResult r, double[] layerSpeed) {
            return new Epoch(r.epoch(), r.trainingSeconds(), r.learningRate(),
                    r.trainingCost().isPresent() ? finiteOrNull(r.trainingCost().getAsDouble()) : null,
                    r.trainingCorrect().isPresent() && r.trainingSize() > 0
                            ? (double) r.trainingCorrect().getAsInt() / r.trainingSize() : null,
                    r.evaluationCost().isPresent() ? finiteOrNull(r.evaluationCost().getAsDouble()) : null,
                    r.evaluationAccuracy().isPresent() ? r.evaluationAccuracy().getAsDouble() : null,
                    r.evaluationCorrect().isPresent() ? r.evaluationCorrect().getAsInt() : null,
                    r.evaluationSize(), r.trainingSeconds() > 0 ? r.trainingSize() / r.trainingSeconds() : 0,
                    layerSpeed);
        }

        private static Double finiteOrNull(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    /**
     * Where a job stands: the answer of {@code GET /api/train} and the data of most events.
     *
     * @param startSpeed the hidden layers' learning speed before the first step, when asked for
     */
    record Status(int job, String state, boolean running, Settings settings, String data, int trainingExamples,
                  String evaluationData, int epochsDone, List<Epoch> history, double[] startSpeed, String stopReason,
                  String error) {
        static Status idle() {
            return new Status(0, "idle", false, null, null, 0, null, 0, List.of(), null, null, null);
        }
    }

    /**
     * @param runningCost       the mean training cost of this epoch's mini-batches so far (before their
     *                          steps), null until one is measured
     * @param examplesPerSecond this epoch's so far
     */
    record Progress(int job, int epoch, int epochs, int examplesDone, int examples, Double runningCost,
                    double examplesPerSecond) {
    }

    record EpochEvent(int job, int epochs, Epoch result) {
    }

    /** A new network is served in the middle of an epoch. */
    record Snapshot(int job, int epoch, int examplesDone, int examples) {
    }

    private final int id;
    private final TrainingRun run;
    private final boolean layerSpeed;
    private final Settings settings;
    /** The network to start from, let go once training has it: the job outlives its run as the latest. */
    private Network start;
    private final Dataset given;
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
    private volatile double[] startSpeed;
    private Dataset training;
    private LayerLearningSpeed speed;
    private long lastProgress;
    private long epochStarted;
    private int epochNow;
    private int examplesNow;

    TrainingJob(int id, PlaygroundRun request, Dataset training, Dataset evaluation, String dataName,
                CurrentModel model, TrainingEvents events, Consumer<String> log) {
        this.id = id;
        this.run = request.run();
        this.layerSpeed = request.layerSpeed();
        this.start = request.start();
        this.settings = Settings.of(request);
        this.given = training;
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

    /**
     * The state is read once, and first: a job that ends between two reads would otherwise say "running"
     * and not running at once; its stop reason and error are written before its state, so they are seen.
     */
    Status status() {
        State now = state;
        List<Epoch> epochs = List.copyOf(history);
        return new Status(id, now.name().toLowerCase(Locale.ROOT), now == State.RUNNING || now == State.STOPPING,
                settings, dataName, given.size(), evaluation == null ? null : evaluation.name(), epochs.size(),
                epochs, startSpeed, stopReason, error);
    }

    /**
     * Runs the job to its end on the calling thread; never throws (a failure becomes the job's state).
     *
     * @param fast the engine to train with (the fast one, for every kind of layer)
     */
    void run(BackpropFactory fast) {
        log.accept("training job " + id + " started: " + settings.describe() + " on " + given.size() + " examples");
        Network first = start;
        start = null;
        try {
            training = run.augment().apply(given, run.seed());
            if (layerSpeed) {
                speed = new LayerLearningSpeed(given);
                startSpeed = speed.of(first);
            }
            Monitor monitor = new Monitor(true, true, evaluation != null, evaluation != null);
            // Schedules first: the epoch's event then reports the rate the next epoch uses.
            List<TrainingListener> listeners = new ArrayList<>(run.scheduleAndStopping());
            listeners.add(this);
            sgd = new MiniBatchSgd(run.options(), monitor, listeners);
            if (stopRequested) {
                sgd.interrupt();
            }
            TrainingResult result = sgd.train(first, training, evaluation, new SnapshottingEngine(fast, this::snapshot,
                    SNAPSHOT_INTERVAL_NANOS));
            if (result.network().isFinite()) {
                serve(result.network(), null);
            }
            stopReason = stopRequested ? STOPPED_FROM_THE_PAGE : result.history().stopReason().orElse(null);
            State end = stopReason == null ? State.FINISHED : stopRequested ? State.STOPPED : State.FAILED;
            if (end == State.FAILED) {
                error = stopReason;
            }
            state = end;
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
        epochStarted = lastProgress;
        epochNow = epoch;
        examplesNow = 0;
        events.publish(new TrainingEvents.Event("progress",
                new Progress(id, epoch, settings.epochs(), 0, training.size(), null, 0)));
    }

    @Override
    public boolean wantsRunningCost() {
        return true;
    }

    @Override
    public void batchFinished(int epoch, int batch, int batches, int examplesDone, double runningCost) {
        examplesNow = examplesDone;
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            double seconds = (now - epochStarted) / 1e9;
            events.publish(new TrainingEvents.Event("progress", new Progress(id, epoch, settings.epochs(), examplesDone,
                    training.size(), Double.isFinite(runningCost) ? runningCost : null,
                    seconds > 0 ? examplesDone / seconds : 0)));
        }
    }

    /** A mid-epoch network from {@link SnapshottingEngine}, on the training thread. */
    private void snapshot(Network network) {
        if (network.isFinite() && examplesNow > 0 && examplesNow < training.size()) {
            serve(network, examplesNow);
            events.publish(new TrainingEvents.Event("snapshot", new Snapshot(id, epochNow, examplesNow, training.size())));
        }
    }

    @Override
    public void epochFinished(EpochResult result, TrainingControl control) {
        Network network = control.network();
        Epoch epoch = Epoch.of(result, speed != null && network.isFinite() ? speed.of(network) : null);
        history.add(epoch);
        if (!network.isFinite()) {
            // Keep serving the last good network; a NaN network answers nothing useful.
            control.stop("training diverged (NaN or infinite weights); try a smaller eta");
        } else {
            serve(network, null);
        }
        if (stopRequested) {
            control.stop(STOPPED_FROM_THE_PAGE);
        }
        events.publish(new TrainingEvents.Event("epoch", new EpochEvent(id, settings.epochs(), epoch)));
    }

    /** @param examplesDone into the epoch after the last one finished, or null at an epoch's end */
    private void serve(Network network, Integer examplesDone) {
        Epoch last = history.isEmpty() ? null : history.getLast();
        Provenance provenance = Provenance.now()
                .withData(dataName, training.size())
                .withSeed(settings.seed())
                .withEngine(Engine.FAST.id())
                .withHyperParameters(settings.epochs(), settings.batchSize(), settings.eta(), settings.lambda(),
                        settings.init(), true)
                .withResult(history.size(), last == null ? null : last.evaluationAccuracy())
                .withExtra("trained", "web playground, job " + id + ": " + settings.describe());
        String where = examplesDone == null ? "" : String.format(Locale.ROOT, ", %d%% into epoch %d",
                Math.round(100.0 * examplesDone / training.size()), history.size() + 1);
        model.set(network, "trained on the page (job " + id + ", epoch " + history.size() + " of "
                + settings.epochs() + where + ")", provenance);
    }
}
