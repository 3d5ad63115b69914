package dev.hfjobs.emulator;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/** The requests received, oldest first, bounded so a long-running demo does not grow forever. */
final class RequestLog {

    static final int CAPACITY = 10_000;

    private final ConcurrentLinkedDeque<RecordedRequest> requests = new ConcurrentLinkedDeque<>();

    void add(RecordedRequest request) {
        requests.addLast(request);
        while (requests.size() > CAPACITY) {
            requests.pollFirst();
        }
    }

    List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }
}
