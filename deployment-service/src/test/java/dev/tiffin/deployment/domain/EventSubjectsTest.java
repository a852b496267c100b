package dev.tiffin.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSubjectsTest {

    private static CloudEvent withSubject(String subject) {
        return new CloudEvent(
                "1.0",
                "id",
                "src",
                "type",
                subject,
                Instant.EPOCH,
                "application/json",
                JsonNodeFactory.instance.objectNode());
    }

    @Test
    void the_subject_is_the_deployment_id() {
        assertThat(EventSubjects.deploymentOf(withSubject("local/default/iris")))
                .contains(new DeploymentId("local", "default", "iris"));
    }

    @Test
    void a_missing_or_malformed_subject_is_no_deployment() {
        assertThat(EventSubjects.deploymentOf(withSubject(null))).isEmpty();
        assertThat(EventSubjects.deploymentOf(withSubject("iris"))).isEmpty();
        assertThat(EventSubjects.deploymentOf(withSubject("a//b"))).isEmpty();
    }
}
