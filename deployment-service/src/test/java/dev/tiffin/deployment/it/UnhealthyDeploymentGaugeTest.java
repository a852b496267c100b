package dev.tiffin.deployment.it;

import static dev.tiffin.deployment.it.KafkaEvents.awaitEvents;
import static dev.tiffin.deployment.it.KafkaEvents.send;
import static dev.tiffin.deployment.it.KafkaEvents.text;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tiffin_deployment_unhealthy_deployment} names each deployment that is failed or unhealthy, from the status
 * projection, and only while it is.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class UnhealthyDeploymentGaugeTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @BeforeEach
    void catalog() {
        TestData.registerCatalog();
    }

    @Test
    void aFailedDeploymentHasItsOwnSeriesUntilItRecovers() {
        // Given
        DeploymentId id = created();
        String failed = series(id, "failed");
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), TestData.cloudEvent(id, started(id)));

        // When
        send(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                id.key(),
                TestData.cloudEvent(id, new RolloutFailed(id, 1, "progress_deadline", "pods not ready")));

        // Then
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> MetricsPage.value(failed).equals(OptionalDouble.of(1)));

        // When it is rolled back and runs again
        send(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                id.key(),
                TestData.cloudEvent(id, new RolloutRolledBack(id, 1, 1, "progress_deadline")));

        // Then its series is gone
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> MetricsPage.value(failed).isEmpty());
    }

    private static RolloutStarted started(DeploymentId id) {
        return new RolloutStarted(id, 1, null, "RollingUpdate", List.of());
    }

    private static String series(DeploymentId id, String status) {
        return "tiffin_deployment_unhealthy_deployment{cluster=\"" + id.cluster() + "\",deployment=\"" + id.name()
                + "\",namespace=\"" + id.namespace() + "\",status=\"" + status + "\"}";
    }

    private DeploymentId created() {
        DeploymentId id = TestData.newId();
        DeploymentRequested create =
                TestData.request(DeploymentAction.create, id, TestData.spec(id, "iris:latest"), null);
        send(kafka, Topics.DEPLOYMENT_REQUESTS, id.key(), TestData.cloudEvent(id, create));
        awaitEvents(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                e -> create.requestId().equals(text(e, "request_id"))
                        && EventType.DEPLOYMENT_ACCEPTED.type().equals(e.type()),
                1);
        return id;
    }
}
