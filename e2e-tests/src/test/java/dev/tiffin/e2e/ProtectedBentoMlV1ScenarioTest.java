package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.json.TiffinJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Product scenarios 1 and 9 (docs/product-scenarios.md): a BentoML 1.x deployment file with an API server and two
 * runners, Protected, rolls out every component; its endpoint answers 401 without a token, 403 with a token lacking
 * {@code endpoints:invoke} and 200 with one; its downloaded JSON recreates the same Deployment under another name; and
 * a plain Kafka consumer of {@code tiffin.deployment.events} reads the whole story in order, each event valid against
 * its published JSON Schema.
 */
@Order(10)
class ProtectedBentoMlV1ScenarioTest {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static TiffinStack stack;
    static String name;
    static String key;

    @BeforeAll
    static void createAndRollOut() {
        stack = TiffinStack.get();
        name = Scenarios.unique("chat");
        key = TiffinStack.CLUSTER + "/" + TiffinStack.NAMESPACE + "/" + name;
        // enable_ingress absent: BentoML's default, a Protected endpoint
        String file = Specs.load("bentoml-v1.json", name).replace("\"enable_ingress\": true,", "");
        stack.api().body(file).post("/v1/deployments").then().statusCode(201);
        Scenarios.awaitStatus(stack, name, "running", 1);
    }

    @Test
    void everyComponentRollsOutAndTheStatusGoesFromDeployingToRunning() {
        // the final counts are reported right after the completion (the status can be read between the two)
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> replicas = Scenarios.view(stack, name).getMap("replicas");
            assertThat(replicas).containsOnlyKeys("api-server", "tokenizer", "generator");
            replicas.values()
                    .forEach(r -> assertThat(((Map<?, ?>) r).get("ready")).isEqualTo(1));
        });
        List<String> statuses = plainEvents().stream()
                .filter(e -> e.path("type").asText().endsWith("status_changed.v1"))
                .map(e -> e.path("data").path("to").asText())
                .toList();
        assertThat(statuses).containsSubsequence("deploying", "running");
    }

    @Test
    void theProtectedEndpointNeedsATokenWithEndpointsInvoke() {
        String invoke = stack.token(name + "-invoke", List.of("endpoints:invoke"));
        String readOnly = stack.token(name + "-read", List.of("deployments:read"));

        HttpResponse<String> anonymous = DataPlane.post(stack.endpoint(name) + "/chat", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(DataPlane.post(stack.endpoint(name) + "/chat", readOnly).statusCode())
                .isEqualTo(403);

        HttpResponse<String> allowed = DataPlane.post(stack.endpoint(name) + "/chat", invoke);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"component\":\"api-server\"");
        // each runner has its own internal route
        HttpResponse<String> runner = DataPlane.post(stack.runnerEndpoint(name, "generator") + "/generate", invoke);
        assertThat(runner.statusCode()).isEqualTo(200);
        assertThat(runner.body()).contains("\"component\":\"generator\"");
    }

    @Test
    void theDownloadedJsonRecreatesTheSameDeploymentElsewhere() throws IOException {
        String downloaded = stack.api()
                .get("/v1/deployments/{n}/spec", name)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String copy = name + "-copy";
        ObjectNode document = (ObjectNode) TiffinJson.mapper().readTree(downloaded);
        document.put("name", copy);

        stack.api().body(document.toString()).post("/v1/deployments").then().statusCode(201);

        ObjectNode recreated = (ObjectNode) TiffinJson.mapper()
                .readTree(stack.api()
                        .get("/v1/deployments/{n}/spec", copy)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(Json.normalized(recreated)).isEqualTo(Json.normalized(document));
        Scenarios.awaitStatus(stack, copy, "running", 1);
        // and it is Protected like the original
        assertThat(DataPlane.post(stack.endpoint(copy) + "/chat", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aPlainKafkaConsumerReadsTheWholeStoryInOrderEachEventValidAgainstItsSchema() {
        List<JsonNode> events = plainEvents();
        List<String> types = events.stream()
                .map(e -> e.path("type").asText().replaceFirst("^dev\\.tiffin\\.", ""))
                .toList();
        assertThat(types)
                .containsSubsequence(
                        "deployment.accepted.v1",
                        "deployment.revision_created.v1",
                        "rollout.started.v1",
                        "rollout.step_completed.v1",
                        "rollout.completed.v1")
                .contains("deployment.status_changed.v1", "rollout.replicas_changed.v1");
        // the story of revision 1 ends with it running
        assertThat(types.lastIndexOf("rollout.completed.v1"))
                .isGreaterThan(types.indexOf("deployment.revision_created.v1"));
        // the status follows the story: deploying after the acceptance, running after the rollout completed
        assertThat(indexOfStatus(events, "deploying")).isGreaterThan(types.indexOf("deployment.accepted.v1"));
        assertThat(indexOfStatus(events, "running")).isGreaterThan(types.indexOf("rollout.completed.v1"));
        // every component's rollout is in it: its steps and its replicas
        assertThat(components(events, "rollout.step_completed.v1"))
                .containsExactlyInAnyOrder("api-server", "tokenizer", "generator");
        assertThat(components(events, "rollout.replicas_changed.v1"))
                .containsExactlyInAnyOrder("api-server", "tokenizer", "generator");
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            // the CloudEvents envelope (structured mode, JSON): its required attributes and ours
            assertThat(event.path("specversion").asText())
                    .as("specversion of %s", type)
                    .isEqualTo("1.0");
            assertThat(event.path("source").asText()).as("source of %s", type).isNotBlank();
            assertThat(Instant.parse(event.path("time").asText()))
                    .as("time of %s", type)
                    .isNotNull();
            assertThat(event.path("datacontenttype").asText("application/json")).isEqualTo("application/json");
            assertThat(event.path("id").asText()).as("id of %s", type).isNotBlank();
            assertThat(event.path("subject").asText(key)).isEqualTo(key);
            Set<ValidationMessage> errors = schema(type).validate(event.path("data"));
            assertThat(errors).as("%s against its schema", type).isEmpty();
        }
    }

    /** The position of the first status change to {@code status} in the story (-1 when there is none). */
    private static int indexOfStatus(List<JsonNode> events, String status) {
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (e.path("type").asText().endsWith("status_changed.v1")
                    && status.equals(e.path("data").path("to").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The components named by the events of one type. */
    private static Set<String> components(List<JsonNode> events, String type) {
        return events.stream()
                .filter(e -> e.path("type").asText().endsWith(type))
                .map(e -> e.path("data").path("component").asText())
                .collect(Collectors.toSet());
    }

    /** Every event of this deployment so far, read with a plain consumer (no Tiffin code) from the beginning. */
    private static List<JsonNode> plainEvents() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-plain-" + name + "-" + System.nanoTime());
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.DEPLOYMENT_EVENTS));
            // read until the end offsets seen at the first assignment are reached
            Map<org.apache.kafka.common.TopicPartition, Long> end = new HashMap<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        events.add(TiffinJson.mapper().readTree(r.value()));
                    }
                }
                if (consumer.assignment().isEmpty()) {
                    return false;
                }
                if (end.isEmpty()) {
                    end.putAll(consumer.endOffsets(consumer.assignment()));
                }
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return events;
    }

    private static final Map<String, JsonSchema> CACHE = new HashMap<>();

    private static synchronized JsonSchema schema(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            try (InputStream in =
                    ProtectedBentoMlV1ScenarioTest.class.getResourceAsStream("/schemas/events/" + t + ".json")) {
                assertThat(in).as("published schema of %s", t).isNotNull();
                return SCHEMAS.getSchema(TiffinJson.mapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
