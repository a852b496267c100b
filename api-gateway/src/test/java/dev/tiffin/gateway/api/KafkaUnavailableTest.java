package dev.tiffin.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable: a write is refused with a 503 problem and {@code Retry-After} within the send timeout (never a
 * hang or a 500), and a retry with the same Idempotency-Key is refused the same way rather than answered as if the
 * first attempt had been submitted.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.KafkaDown.class)
class KafkaUnavailableTest {

    /** The gateway's broker address points where nothing listens; the module's shared broker is not used. */
    public static class KafkaDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "tiffin.kafka.send-timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void aWriteIs503WithRetryAfterAndSoIsItsRetry() {
        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth()
                    .oauth2(GatewayApiTest.ADMIN)
                    .contentType("application/json")
                    .header("Idempotency-Key", "kafka-down-retry")
                    .body(GatewayApiTest.spec("kafka-down"))
                    .post("/v1/deployments" + GatewayApiTest.TARGET)
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType(containsString("application/problem+json"))
                    .body("status", equalTo(503))
                    .body("detail", containsString("Kafka"));
        }
    }
}
