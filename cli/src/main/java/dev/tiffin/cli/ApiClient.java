package dev.tiffin.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The Tiffin REST API over {@link HttpClient}: requests with the bearer token, answers as text. */
public final class ApiClient {

    /** One query parameter; a parameter may repeat (e.g. {@code label}). */
    public record Param(String name, String value) {}

    private final String server;
    private final String token;
    private final HttpClient http;

    public ApiClient(String server, String token) {
        this.server = server;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public String server() {
        return server;
    }

    public URI uri(String path, List<Param> query) {
        StringBuilder sb = new StringBuilder(server).append(path);
        char sep = '?';
        for (Param p : query) {
            if (p.value() == null) {
                continue;
            }
            sb.append(sep).append(encode(p.name())).append('=').append(encode(p.value()));
            sep = '&';
        }
        try {
            return URI.create(sb.toString());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "invalid server URL " + server + ": " + e.getMessage());
        }
    }

    /** Sends a request and returns the answer whatever its status; transport failures become exit codes. */
    public ApiResponse send(
            String method,
            String path,
            List<Param> query,
            byte[] body,
            String contentType,
            Map<String, String> headers,
            Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path, query)).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNEXPECTED, "interrupted");
        }
    }

    public ApiResponse get(String path, List<Param> query) {
        return send("GET", path, query, null, null, Map.of(), null);
    }

    /**
     * Opens the event stream at {@code path} and hands each event to {@code sink} until the server ends the stream
     * (returns normally) or the thread is interrupted. Answers other than 200 are returned (the caller decides), a
     * 200 returns null once the stream ends.
     */
    public ApiResponse stream(
            String path, List<Param> query, String lastEventId, SseParser parser, Consumer<SseEvent> sink) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path, query))
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                return new ApiResponse(
                        r.statusCode(), r.headers(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new ApiResponse(r.statusCode(), r.headers(), "");
            }
        }
        try (InputStream in = r.body();
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            int n;
            while (!Thread.currentThread().isInterrupted() && (n = reader.read(buf)) >= 0) {
                for (SseEvent e : parser.feed(new String(buf, 0, n))) {
                    sink.accept(e);
                }
            }
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw transportFailure(e);
            }
        }
        return null;
    }

    private CliException transportFailure(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return new CliException(ExitCodes.UNAVAILABLE, "cannot connect to " + server + ": connection timed out", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CliException(ExitCodes.TIMEOUT, "timed out waiting for " + server, e);
        }
        if (e instanceof ConnectException || hasCause(e, UnresolvedAddressException.class)) {
            return new CliException(
                    ExitCodes.UNAVAILABLE,
                    "cannot connect to " + server + " (is the Tiffin API running? set --server or TIFFIN_SERVER)",
                    e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException(ExitCodes.UNAVAILABLE, "request to " + server + " failed: " + msg, e);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query list builder that skips null values. */
    public static List<Param> query(Object... nameValues) {
        List<Param> out = new ArrayList<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            Object v = nameValues[i + 1];
            if (v != null) {
                out.add(new Param((String) nameValues[i], String.valueOf(v)));
            }
        }
        return out;
    }
}
