package dev.tiffin.contracts.json;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Renders Jackson locations as Tiffin's violation paths: {@code api_server.autoscaling.metrics[0].type}. */
final class Paths {

    private Paths() {}

    static String of(JsonMappingException e, String prefix) {
        StringBuilder out = new StringBuilder(prefix);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    static String of(JsonStreamContext context, String prefix) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder(prefix);
        parts.forEach(out::append);
        String s = out.toString();
        return s.startsWith(".") ? s.substring(1) : s;
    }
}
