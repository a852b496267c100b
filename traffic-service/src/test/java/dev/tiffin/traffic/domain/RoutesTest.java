package dev.tiffin.traffic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.TimeoutValue;
import dev.tiffin.contracts.spec.TrafficControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private static final DeploymentId ID = new DeploymentId("local", "default", "iris");

    static RevisionCreated revision(
            DeploymentId id, String access, TrafficControl api, Map<String, Component> runners) {
        DeploymentSpec spec = new DeploymentSpec(
                id.name(),
                null,
                id.cluster(),
                id.namespace(),
                access,
                "iris:v1",
                null,
                List.of(),
                Map.of(),
                Map.of(),
                new Component(null, null, api, null, null),
                runners);
        return new RevisionCreated(id, 3, 2, "req", "update", spec, null, Map.of(), null, Instant.EPOCH);
    }

    @Test
    void aRevisionGivesTheAccessTypeAndEachComponentsEffectiveControls() {
        RevisionCreated event = revision(
                ID,
                "public",
                new TrafficControl(TimeoutValue.of("5m"), 10, 2),
                Map.of("iris_clf", new Component(null, null, null, null, null)));

        DeploymentRoute route = Routes.fromRevision(event, "local").orElseThrow();

        assertThat(route.revision()).isEqualTo(3);
        assertThat(route.access()).isEqualTo(AccessType.PUBLIC);
        assertThat(route.components().get("api-server")).isEqualTo(new ComponentPolicy(Duration.ofMinutes(5), 10, 2));
        assertThat(route.components().get("iris_clf"))
                .isEqualTo(new ComponentPolicy(
                        Duration.ofSeconds(60), ComponentPolicy.UNLIMITED, ComponentPolicy.UNLIMITED));
        assertThat(route.key()).isEqualTo("default/iris");
    }

    @Test
    void accessDefaultsToProtectedAndTimeoutsKeepTheirUnits() {
        DeploymentRoute route = Routes.fromRevision(
                        revision(ID, null, new TrafficControl(TimeoutValue.of(1.5), null, null), null), "local")
                .orElseThrow();
        assertThat(route.access()).isEqualTo(AccessType.PROTECTED);
        assertThat(route.components().get("api-server").timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ComponentPolicy.of(TimeoutValue.of("250ms"), 0, null).timeout())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(ComponentPolicy.of(TimeoutValue.of("garbage"), null, null).timeout())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void revisionsOfOtherClustersAreNotRouted() {
        RevisionCreated other = revision(new DeploymentId("gpu-east", "default", "iris"), "public", null, null);
        assertThat(Routes.fromRevision(other, "local")).isEmpty();
    }

    @Test
    void deleteRemovesTheRouteAndTerminateKeepsIt() {
        assertThat(Routes.removal(new WorkloadsRemoved(ID, "delete"))).isEqualTo(Routes.Removal.DELETE);
        assertThat(Routes.removal(new WorkloadsRemoved(ID, "terminate"))).isEqualTo(Routes.Removal.TERMINATE);
    }
}
