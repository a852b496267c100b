package dev.tiffin.gateway.domain;

import dev.tiffin.contracts.events.CloudEvent;
import java.util.List;

/**
 * Where a reconnecting event stream resumes (the SSE {@code Last-Event-ID} request header): after the last event the
 * client saw. The events the stream can replay are the deployment's recent history followed by the live events that
 * arrived while it loaded; when the id is among them, only what follows it is sent again. An id that is not among
 * them (older than the history window, or unknown) cannot be placed, so everything is sent: a client that keys on
 * event ids drops the repeats, and nothing is lost.
 */
public final class EventResume {

    private EventResume() {}

    /** The events of {@code replayable} (oldest first) to send to a client whose last seen event is {@code lastId}. */
    public static List<CloudEvent> after(List<CloudEvent> replayable, String lastId) {
        if (lastId == null || lastId.isBlank()) {
            return replayable;
        }
        String id = lastId.trim();
        for (int i = replayable.size() - 1; i >= 0; i--) {
            if (id.equals(replayable.get(i).id())) {
                return replayable.subList(i + 1, replayable.size());
            }
        }
        return replayable;
    }
}
