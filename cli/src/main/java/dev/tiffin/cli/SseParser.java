package dev.tiffin.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An incremental parser of a {@code text/event-stream} (WHATWG HTML, "Server-sent events"): feed it the text in
 * whatever chunks the network delivers and it returns the events completed by each chunk. Lines end in CRLF, LF or
 * CR (a CR at the end of a chunk is resolved by the next one); lines starting with {@code :} are comments; an event
 * is dispatched at a blank line and only when it has data; {@code retry} sets the reconnection delay.
 */
public final class SseParser {

    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId;
    private Long retryMillis;
    private boolean pendingCr;
    private boolean started;

    /** Parses a chunk and returns the events it completes, in order. */
    public List<SseEvent> feed(CharSequence chunk) {
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\r') {
                pendingCr = true;
                endLine(out);
            } else if (c == '\n') {
                endLine(out);
            } else {
                line.append(c);
            }
        }
        return out;
    }

    /** The id of the last event (what a reconnection sends as {@code Last-Event-ID}), or null. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for, or null. */
    public Long retryMillis() {
        return retryMillis;
    }

    private void endLine(List<SseEvent> out) {
        String text = line.toString();
        line.setLength(0);
        if (text.isEmpty()) {
            dispatch(out);
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    try {
                        retryMillis = Long.parseLong(value);
                    } catch (NumberFormatException ignored) {
                        // too large: ignore as the specification says for invalid values
                    }
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch(List<SseEvent> out) {
        if (hasData) {
            out.add(new SseEvent(eventType.isEmpty() ? "message" : eventType, lastEventId, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        eventType = "";
    }
}
