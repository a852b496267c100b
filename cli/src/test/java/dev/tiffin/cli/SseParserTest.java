package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static final String STREAM = "\uFEFF: keep-alive comment\r\n"
            + "retry: 2500\r\n"
            + "event: dev.tiffin.deployment.status_changed.v1\r\n"
            + "id: 41\r\n"
            + "data: {\"type\":\"dev.tiffin.deployment.status_changed.v1\",\r\n"
            + "data:  \"data\":{\"to\":\"deploying\"}}\r\n"
            + "\r\n"
            + "event: ignored-without-data\n"
            + "id: 42\n"
            + "\n"
            + "data:no space after colon\r"
            + "\r"
            + "data\n"
            + "unknown: field\n"
            + "\n"
            + "event: partial\n"
            + "data: never completed";

    private static List<SseEvent> parseInChunks(String text, int chunkSize) {
        SseParser parser = new SseParser();
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += chunkSize) {
            out.addAll(parser.feed(text.substring(i, Math.min(text.length(), i + chunkSize))));
        }
        return out;
    }

    @Test
    void parsesEventsWhateverTheChunking() {
        List<SseEvent> whole = parseInChunks(STREAM, STREAM.length());
        assertThat(whole)
                .containsExactly(
                        new SseEvent(
                                "dev.tiffin.deployment.status_changed.v1",
                                "41",
                                "{\"type\":\"dev.tiffin.deployment.status_changed.v1\",\n \"data\":{\"to\":\"deploying\"}}"),
                        new SseEvent("message", "42", "no space after colon"),
                        new SseEvent("message", "42", ""));
        for (int size = 1; size <= 17; size++) {
            assertThat(parseInChunks(STREAM, size)).as("chunks of %d", size).isEqualTo(whole);
        }
    }

    @Test
    void crLfSplitAcrossChunksIsOneLineEnd() {
        SseParser parser = new SseParser();
        assertThat(parser.feed("data: a\r")).isEmpty();
        assertThat(parser.feed("\n\r")).containsExactly(new SseEvent("message", null, "a"));
        assertThat(parser.feed("\ndata: b\n\n")).containsExactly(new SseEvent("message", null, "b"));
    }

    @Test
    void remembersLastEventIdAndRetry() {
        SseParser parser = new SseParser();
        parser.feed("retry: 1500\nid: 7\ndata: x\n\nretry: soon\n\n");
        assertThat(parser.lastEventId()).isEqualTo("7");
        assertThat(parser.retryMillis()).isEqualTo(1500L);
    }

    @Test
    void eventTypeResetsAfterDispatch() {
        SseParser parser = new SseParser();
        List<SseEvent> events = parser.feed("event: a\ndata: 1\n\ndata: 2\n\n");
        assertThat(events).extracting(SseEvent::event).containsExactly("a", "message");
    }
}
