package dev.tiffin.contracts.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.json.TiffinJson;
import java.time.Clock;
import java.util.UUID;

/**
 * Wraps event data in a CloudEvent and back. Decoding is lenient towards unknown fields in {@code data} only through
 * a new event version, never silently: an unreadable message is an {@link UnreadableEventException} for the
 * consumer's dead-letter handling.
 */
public final class EventCodec {

    private EventCodec() {}

    public static CloudEvent wrap(String source, String subject, EventData data, Clock clock) {
        return wrap(UUID.randomUUID().toString(), source, subject, data, clock);
    }

    public static CloudEvent wrap(String id, String source, String subject, EventData data, Clock clock) {
        EventType type = EventType.of(data.getClass());
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                id,
                source,
                type.type(),
                subject,
                clock.instant(),
                CloudEvent.CONTENT_TYPE,
                TiffinJson.tree(data));
    }

    public static String encode(CloudEvent event) {
        return TiffinJson.write(event);
    }

    public static CloudEvent decode(String json) {
        try {
            CloudEvent event = TiffinJson.mapper().readValue(json, CloudEvent.class);
            if (event == null || event.id() == null || event.type() == null || event.data() == null) {
                throw new UnreadableEventException("not a CloudEvent with id, type and data");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException("unreadable CloudEvent: " + e.getOriginalMessage());
        }
    }

    /** The event's data as its record, or empty when the type is not one this version of Tiffin knows. */
    public static java.util.Optional<EventData> data(CloudEvent event) {
        return EventType.byType(event.type()).map(t -> dataAs(event, t.dataClass()));
    }

    public static <T extends EventData> T dataAs(CloudEvent event, Class<T> type) {
        try {
            return TiffinJson.mapper().treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException(
                    "data of " + event.type() + " (" + event.id() + ") unreadable: " + e.getOriginalMessage());
        }
    }
}
