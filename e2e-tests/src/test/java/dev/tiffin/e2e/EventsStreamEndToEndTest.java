package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/deployments/{name}/events}: the recent history first, then the deployment's events as they happen. */
class EventsStreamEndToEndTest {

    @Test
    void theStreamStartsWithTheHistoryAndFollowsNewEvents() {
        TiffinStack stack = TiffinStack.get();
        String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stack.gateway.baseUrl() + "/v1/deployments/" + name + "/events"))
                .header("Authorization", "Bearer " + stack.adminToken)
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        // the line stream blocks: read it on a thread of its own, never on the client's selector thread
        ExecutorService readerThread = Executors.newSingleThreadExecutor();
        CompletableFuture<Void> reader = response.thenAcceptAsync(r -> r.body().forEach(lines::add), readerThread);
        try {
            // history: the creation's verdict and revision
            await().atMost(Duration.ofSeconds(20)).until(() -> count(lines, REVISION_CREATED) >= 1);
            assertThat(response.join().statusCode()).isEqualTo(200);
            assertThat(response.join().headers().firstValue("content-type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));

            int before = count(lines, REVISION_CREATED);
            stack.api()
                    .contentType("application/merge-patch+json")
                    .body(Map.of("description", "live update"))
                    .patch("/v1/deployments/{n}", name)
                    .then()
                    .statusCode(200);
            // live: the update's revision arrives on the open stream
            await().atMost(Duration.ofSeconds(20)).until(() -> count(lines, REVISION_CREATED) == before + 1);
            assertThat(lines).anyMatch(l -> field(l, "data") != null && l.contains("\"revision\":2"));
            assertThat(String.join("\n", lines)).doesNotContain("s3cr3t-value");
        } finally {
            reader.cancel(true);
            readerThread.shutdownNow();
            response.thenAccept(r -> r.body().close());
        }
    }

    private static final String REVISION_CREATED = "dev.tiffin.deployment.revision_created.v1";

    /** Events of {@code type} in the stream (the SSE {@code event} field; "event:x" and "event: x" are the same). */
    private static int count(List<String> lines, String type) {
        return (int) lines.stream().filter(l -> type.equals(field(l, "event"))).count();
    }

    /** The value of an SSE field line, or null when the line is another field. */
    private static String field(String line, String name) {
        if (!line.startsWith(name + ":")) {
            return null;
        }
        String value = line.substring(name.length() + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
