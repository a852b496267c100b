package dev.tiffin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.json.TiffinJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A deployment document given with {@code -f}: its bytes, sent to the server as they are, and the content type to
 * send them with. The server converts BentoML v1/v2 documents itself; the CLI only reads the name, cluster and
 * namespace out of the document where a command needs them (update, apply, the progress stream).
 */
public record InputDocument(String source, byte[] body, String contentType, JsonNode tree) {

    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";

    /** Reads a file, or standard input for {@code -}. */
    public static InputDocument read(String file, InputStream stdin) {
        byte[] bytes;
        try {
            if ("-".equals(file)) {
                bytes = stdin.readAllBytes();
            } else {
                bytes = Files.readAllBytes(Path.of(file));
            }
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "no such file: " + file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        return of(file, bytes);
    }

    public static InputDocument of(String source, byte[] bytes) {
        String type = contentType(source, bytes);
        return new InputDocument(source, bytes, type, parseLeniently(bytes));
    }

    /**
     * The content type of a document: from the extension ({@code .json}; {@code .yaml}/{@code .yml}), otherwise from
     * the content (a JSON document starts with {@code {} or {@code [} after whitespace, a byte-order mark or
     * comments are not JSON; anything else is YAML).
     */
    public static String contentType(String name, byte[] bytes) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YAML;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int i = 0;
        if (text.startsWith("\uFEFF")) {
            i = 1;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '[')) {
            return JSON;
        }
        return YAML;
    }

    /** The deployment's name in the document, or null. */
    public String name() {
        return text("name");
    }

    /** The cluster the document names ({@code cluster}, or BentoML v1's {@code cluster_name}), or null. */
    public String cluster() {
        String c = text("cluster");
        return c != null ? c : text("cluster_name");
    }

    /** The namespace the document names ({@code kube_namespace}), or null. */
    public String namespace() {
        return text("kube_namespace");
    }

    /** The document as JSON text (a merge patch must be JSON): the bytes as they are for JSON, converted for YAML. */
    public byte[] asJson() {
        if (JSON.equals(contentType)) {
            return body;
        }
        if (tree == null) {
            throw new CliException(ExitCodes.USAGE, source + ": not a readable YAML or JSON document");
        }
        return TiffinJson.write(tree).getBytes(StandardCharsets.UTF_8);
    }

    private String text(String field) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        JsonNode value = tree.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static JsonNode parseLeniently(byte[] bytes) {
        try {
            // YAML is a superset of JSON: one reader for both; errors are the server's to report
            return TiffinJson.yaml().readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
