package dev.tiffin.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.CloudEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventResumeTest {

    private static final List<CloudEvent> EVENTS = List.of(event("a"), event("b"), event("c"));

    @Test
    void withoutALastEventIdEverythingIsSent() {
        assertThat(ids(EventResume.after(EVENTS, null))).containsExactly("a", "b", "c");
        assertThat(ids(EventResume.after(EVENTS, " "))).containsExactly("a", "b", "c");
    }

    @Test
    void resumesAfterTheLastEventTheClientSaw() {
        assertThat(ids(EventResume.after(EVENTS, "a"))).containsExactly("b", "c");
        assertThat(ids(EventResume.after(EVENTS, " b "))).containsExactly("c");
        assertThat(EventResume.after(EVENTS, "c")).isEmpty();
    }

    @Test
    void anIdThatCannotBePlacedReplaysEverything() {
        assertThat(ids(EventResume.after(EVENTS, "older-than-the-history"))).containsExactly("a", "b", "c");
        assertThat(EventResume.after(List.of(), "a")).isEmpty();
    }

    @Test
    void aRepeatedIdResumesAfterItsLastOccurrence() {
        List<CloudEvent> repeated = List.of(event("a"), event("b"), event("a"), event("c"));
        assertThat(ids(EventResume.after(repeated, "a"))).containsExactly("c");
    }

    private static CloudEvent event(String id) {
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                id,
                "tiffin/test",
                "dev.tiffin.deployment.status_changed.v1",
                "local/default/iris",
                Instant.EPOCH,
                CloudEvent.CONTENT_TYPE,
                null);
    }

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::id).toList();
    }
}
