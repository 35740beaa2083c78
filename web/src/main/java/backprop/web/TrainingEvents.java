package backprop.web;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Hands training events to every open event stream. Each stream has its own queue, so a slow reader
 * delays nobody; when its queue is full, its progress events are dropped (epochs and the end are not).
 */
final class TrainingEvents {
    /** One server-sent event: its name and the object sent as its JSON data. */
    record Event(String name, Object data) {
        /** Tells a stream to end: the server is closing. */
        static final Event END = new Event("end", null);
    }

    static final int QUEUE_CAPACITY = 1000;

    private final List<BlockingQueue<Event>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    BlockingQueue<Event> subscribe() {
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
        subscribers.add(queue);
        if (closed) {
            queue.offer(Event.END);
        }
        return queue;
    }

    void unsubscribe(BlockingQueue<Event> queue) {
        subscribers.remove(queue);
    }

    void publish(Event event) {
        for (BlockingQueue<Event> queue : subscribers) {
            if (!queue.offer(event) && !event.name().equals("progress")) {
                // Make room for what matters: the oldest event goes (likely progress).
                queue.poll();
                queue.offer(event);
            }
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    void close() {
        closed = true;
        for (BlockingQueue<Event> queue : subscribers) {
            queue.clear();
            queue.offer(Event.END);
        }
    }
}
