package backprop.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Training from the page: {@code POST /api/train} starts a job, {@code GET /api/train} tells where
 * it stands, {@code POST /api/train/stop} ends it after the current epoch,
 * {@code GET /api/train/events} streams its progress as server-sent events, and
 * {@code GET /api/train/recipes} lists the recipes that fill the page's form.
 */
final class TrainingEndpoints {
    /** A comment line this often keeps proxies from closing an idle stream and finds departed clients. */
    static final long KEEP_ALIVE_SECONDS = 15;

    private final Trainer trainer;
    private final TrainingEvents events;

    TrainingEndpoints(Trainer trainer, TrainingEvents events) {
        this.trainer = trainer;
        this.events = events;
    }

    void register(Router router) {
        router.add("POST", "/api/train", this::start);
        router.add("GET", "/api/train", this::status);
        router.add("POST", "/api/train/stop", this::stop);
        router.add("GET", "/api/train/events", this::events);
        router.add("GET", "/api/train/recipes", this::recipes);
    }

    /** The recipes the page offers, as {@link PlaygroundRecipe} makes them of core's. */
    record Recipes(List<PlaygroundRecipe.View> recipes) {
    }

    void recipes(Exchange exchange) throws IOException {
        exchange.sendJson(200, new Recipes(PlaygroundRecipe.ALL.stream().map(PlaygroundRecipe::view).toList()));
    }

    void start(Exchange exchange) throws IOException {
        requireJson(exchange);
        TrainingJob job = trainer.start(Json.parseObject(exchange.body()));
        exchange.sendJson(202, job.status());
    }

    void status(Exchange exchange) throws IOException {
        exchange.sendJson(200, currentStatus());
    }

    void stop(Exchange exchange) throws IOException {
        requireJson(exchange);
        exchange.sendJson(200, trainer.stop().status());
    }

    /**
     * The stream opens with a {@code status} event (the latest job and its history so far, so a page
     * opened mid-run can draw the curves), then {@code started}, {@code progress}, {@code epoch} and
     * {@code finished} events as they happen. It stays open until the client leaves or the server stops.
     */
    void events(Exchange exchange) throws IOException {
        BlockingQueue<TrainingEvents.Event> queue = events.subscribe();
        try (OutputStream out = exchange.startEventStream()) {
            write(out, "status", currentStatus());
            while (true) {
                TrainingEvents.Event event = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (event == TrainingEvents.Event.END) {
                    break;
                }
                if (event == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    write(out, event.name(), event.data());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.unsubscribe(queue);
        }
    }

    private TrainingJob.Status currentStatus() {
        return trainer.latest().map(TrainingJob::status).orElse(TrainingJob.Status.idle());
    }

    /** One event: JSON has no raw line breaks, so the data is a single {@code data:} line. */
    private static void write(OutputStream out, String name, Object data) throws IOException {
        byte[] json = Json.write(data);
        out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(json);
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static void requireJson(Exchange exchange) {
        if (!exchange.contentType().equals("application/json")) {
            throw new ApiError(ApiError.UNSUPPORTED_MEDIA_TYPE, "send the request as application/json, not '"
                    + (exchange.contentType().isEmpty() ? "no Content-Type" : exchange.contentType()) + "'");
        }
    }
}
