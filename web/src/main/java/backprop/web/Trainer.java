package backprop.web;

import backprop.data.Dataset;
import backprop.data.Splits;
import backprop.train.BackpropFactory;

import java.util.Optional;
import java.util.function.Consumer;

/** Runs the page's training jobs, one at a time, each on its own thread. */
final class Trainer implements AutoCloseable {
    private final CurrentModel model;
    private final DataLoader data;
    private final BackpropFactory engine;
    private final TrainingEvents events;
    private final long maxWork;
    private final Consumer<String> log;
    private TrainingJob latest;
    private Thread thread;
    private int jobs;

    /** @param maxWork a job's epochs x examples x parameters at most */
    Trainer(CurrentModel model, DataLoader data, BackpropFactory engine, TrainingEvents events, long maxWork,
            Consumer<String> log) {
        this.maxWork = maxWork;
        this.model = model;
        this.data = data;
        this.engine = engine;
        this.events = events;
        this.log = log;
    }

    /** Starts a job for the request, or refuses with 409 while one is running. */
    synchronized TrainingJob start(JsonRequest json) {
        if (latest != null && latest.isRunning()) {
            TrainingJob.Status running = latest.status();
            throw ApiError.conflict("a training job is already running (job " + running.job() + ", epoch "
                    + running.epochsDone() + " of " + running.settings().epochs()
                    + "); stop it (POST /api/train/stop) or wait for it to finish");
        }
        Splits splits = data.splits();
        Dataset training = splits.training();
        PlaygroundRun request = PlaygroundRun.parse(json, training, maxWork);
        if (request.run().trainSize() != null) {
            training = training.first(request.run().trainSize());
        }
        Dataset evaluation = switch (request.run().eval()) {
            case TEST -> splits.test();
            case VALIDATION -> splits.validation();
            case NONE -> null;
        };
        if (evaluation != null && evaluation.size() == 0) {
            evaluation = null;
        }
        TrainingJob job = new TrainingJob(++jobs, request, training, evaluation, data.name(), model, events, log);
        latest = job;
        events.publish(new TrainingEvents.Event("started", job.status()));
        thread = Thread.ofPlatform().name("backprop-training-" + job.id()).daemon(true).start(() -> job.run(engine));
        return job;
    }

    synchronized Optional<TrainingJob> latest() {
        return Optional.ofNullable(latest);
    }

    /** Asks the running job to stop after its current mini-batch; 409 when none is running. */
    synchronized TrainingJob stop() {
        if (latest == null || !latest.isRunning()) {
            throw ApiError.conflict("no training job is running");
        }
        latest.requestStop();
        return latest;
    }

    synchronized boolean isRunning() {
        return latest != null && latest.isRunning();
    }

    /** Stops a running job and waits a little for it, so a closing server leaves no training behind. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (latest != null) {
                latest.requestStop();
            }
            running = thread;
        }
        if (running != null) {
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
