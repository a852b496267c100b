package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the Compose Specification's own JSON schema (draft 2019-09, vendored with its source in
 * src/test/resources/compose-spec): what {@code docker compose config} would refuse for its shape — an unknown key, a
 * wrong type, a {@code depends_on} condition that does not exist — fails here, without Docker.
 */
class ComposeSpecTest {

    private static final String SCHEMA = "/compose-spec/compose-spec.json";

    @Test
    void theComposeFileFollowsTheComposeSpecification() {
        Set<ValidationMessage> problems = schema().validate(Repo.yaml(ComposeTest.COMPOSE));

        assertThat(problems)
                .as("docker-compose.yml against the Compose Specification")
                .isEmpty();
    }

    @Test
    void theSchemaRefusesAComposeFileComposeWouldRefuse() {
        // Given
        JsonNode compose = Repo.yaml(ComposeTest.COMPOSE);
        ObjectNode kafka = (ObjectNode) compose.path("services").path("kafka");
        kafka.put("restart_policy", "always"); // a swarm deploy key at the service level: unknown there
        ObjectNode postgres = (ObjectNode) compose.path("services").path("postgres");
        postgres.put("ports", "5432:5432"); // a list, not a string

        // When
        Set<ValidationMessage> problems = schema().validate(compose);

        // Then
        assertThat(problems)
                .extracting(ValidationMessage::getInstanceLocation)
                .extracting(Object::toString)
                .anyMatch(location -> location.contains("kafka"))
                .anyMatch(location -> location.contains("postgres.ports"));
    }

    private static JsonSchema schema() {
        try (InputStream in = ComposeSpecTest.class.getResourceAsStream(SCHEMA)) {
            assertThat(in).as("the vendored schema %s", SCHEMA).isNotNull();
            JsonNode schema = new ObjectMapper().readTree(in);
            assertThat(schema.path("$schema").asText()).contains("2019-09");
            withoutDraft4Ids(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909)
                    .getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The schema still carries draft-04 {@code "id"} annotations next to its 2019-09 {@code $schema}; compose's own
     * validator ignores them, this one refuses to load them, so they are dropped (they constrain nothing).
     */
    private static void withoutDraft4Ids(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("id").isTextual()) {
                object.remove("id");
            }
            object.forEach(ComposeSpecTest::withoutDraft4Ids);
        } else if (node.isArray()) {
            node.forEach(ComposeSpecTest::withoutDraft4Ids);
        }
    }
}
