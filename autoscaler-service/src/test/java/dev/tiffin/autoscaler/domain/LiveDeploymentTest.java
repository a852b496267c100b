package dev.tiffin.autoscaler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live loop's pure part: components of a revision (the rollout-service's rule), replica reports against pending
 * decisions, rollouts and rollbacks, samples and their age, activation, and the evaluation cadence.
 */
class LiveDeploymentTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DeploymentId ID = new DeploymentId("local", "default", "iris");
    private static final LiveSettings SETTINGS = LiveSettings.DEFAULT;

    private static RevisionCreated revision(int n, String spec, List<String> bentoRunners) {
        DeploymentSpec s = StrictReader.bind(StrictReader.parseTree(spec, TiffinJson.mapper()), DeploymentSpec.class);
        return new RevisionCreated(
                ID,
                n,
                null,
                "r",
                "create",
                s,
                new BentoInfo("iris", "1", "img", "svc", bentoRunners),
                Map.of(),
                new ClusterInfo("local", "default", "ctx", null),
                T0);
    }

    private static final String QPS_SPEC = "{\"name\":\"iris\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":"
            + "{\"min_replicas\":1,\"max_replicas\":5,\"metrics\":[{\"type\":\"qps\",\"value\":10}]}}}";

    @Test
    void componentsAreTheApiServerThenTheRunnersOfTheSpecAndTheBento() {
        // Given: the spec configures runner iris_clf; the Bento also has a runner "Text.Encoder" the spec leaves out
        String spec = "{\"name\":\"iris\",\"bento\":\"iris:1\",\"api_server\":{},"
                + "\"runners\":{\"iris_clf\":{\"autoscaling\":{\"min_replicas\":0,\"max_replicas\":3}}}}";

        // When
        List<ComponentSpec> components = ComponentSpec.of(revision(1, spec, List.of("Text.Encoder", "iris_clf")));

        // Then: api-server first, runners by name, DNS-1123 names, defaults applied (1..1 and cpu 80% when unset)
        assertThat(components)
                .extracting(ComponentSpec::name)
                .containsExactly("api-server", "Text.Encoder", "iris_clf");
        assertThat(components)
                .extracting(ComponentSpec::kubeName)
                .containsExactly("api-server", "text-encoder", "iris-clf");
        assertThat(components.get(1).autoscaling().minReplicas()).isEqualTo(1);
        assertThat(components.get(1).autoscaling().maxReplicas()).isEqualTo(1);
        assertThat(components.get(2).autoscaling().minReplicas()).isZero();
        assertThat(AutoscalingPolicy.of(components.get(0).autoscaling()).targets())
                .containsExactly(new Target(dev.tiffin.contracts.spec.MetricType.CPU, 80));
    }

    @Test
    void aComponentIsEvaluatedOnlyOnceTheRolloutServiceReportedItsCount() {
        // Given
        LiveDeployment d = LiveDeployment.revisionCreated(null, revision(1, QPS_SPEC, List.of()));

        // When / Then
        assertThat(d.evaluable("api-server")).isFalse();
        assertThat(d.components().get("api-server").evaluate(T0, SETTINGS)).isNull();
        LiveDeployment reported = d.withCounts("api-server", 1, 2, 2, T0, SETTINGS);
        assertThat(reported.evaluable("api-server")).isTrue();
        assertThat(reported.components().get("api-server").current()).isEqualTo(2);
    }

    @Test
    void aDecisionStandsAgainstAnOlderReportUntilTheApplyTimeout() {
        // Given: 1 replica, 40 req/s → the evaluation decides 4
        LiveComponent c = LiveDeployment.revisionCreated(null, revision(1, QPS_SPEC, List.of()))
                .withCounts("api-server", 1, 1, 1, T0, SETTINGS)
                .components()
                .get("api-server")
                .withSample(Map.of("qps", 40.0), "traffic-service", T0);
        LiveComponent.Evaluated decided = c.evaluate(T0, SETTINGS);
        assertThat(decided.decision().desiredReplicas()).isEqualTo(4);
        assertThat(decided.next().current()).isEqualTo(4);
        assertThat(decided.next().pendingDesired()).isEqualTo(4);

        // When: a report of 1 desired (observed before the decision was applied), then the confirming report
        LiveComponent stale = decided.next().withCounts(1, 1, 1, T0.plusSeconds(1), SETTINGS);
        LiveComponent confirmed = stale.withCounts(1, 4, 2, T0.plusSeconds(2), SETTINGS);
        LiveComponent late = decided.next().withCounts(1, 1, 1, T0.plus(SETTINGS.applyTimeout()), SETTINGS);

        // Then
        assertThat(stale.current()).isEqualTo(4);
        assertThat(stale.ready()).isEqualTo(1);
        assertThat(confirmed.current()).isEqualTo(4);
        assertThat(confirmed.pendingDesired()).isNull();
        assertThat(confirmed.ready()).isEqualTo(2);
        assertThat(late.current()).isEqualTo(1);
        assertThat(decided.next().decisions()).singleElement().satisfies(r -> {
            assertThat(r.currentReplicas()).isEqualTo(1);
            assertThat(r.desiredReplicas()).isEqualTo(4);
            assertThat(r.metrics()).containsEntry("qps", 40.0).containsEntry("qps.target", 10.0);
            assertThat(r.metrics()).containsEntry("qps.replicas", 4.0).containsEntry("recommended_replicas", 4.0);
            assertThat(r.reason()).contains("qps at 40 req/s per ready replica");
        });
    }

    @Test
    void aSampleOlderThanTheMaximumAgeCannotBeRead() {
        // Given
        LiveComponent c = LiveDeployment.revisionCreated(null, revision(1, QPS_SPEC, List.of()))
                .withCounts("api-server", 1, 3, 3, T0, SETTINGS)
                .components()
                .get("api-server")
                .withSample(Map.of("qps", 5.0, "in_flight", 2.0), "traffic-service", T0);

        // When
        Observation fresh = c.observation(T0.plus(SETTINGS.metricMaxAge()), SETTINGS);
        Observation old = c.observation(T0.plus(SETTINGS.metricMaxAge()).plusMillis(1), SETTINGS);

        // Then
        assertThat(fresh.metrics()).containsKey(dev.tiffin.contracts.spec.MetricType.QPS);
        assertThat(fresh.inFlight()).isEqualTo(2.0);
        assertThat(old.metrics()).isEmpty();
        assertThat(old.inFlight()).isNull();
        assertThat(c.evaluate(T0.plusSeconds(11), SETTINGS).decision().limitedBy())
                .isEqualTo(LimitedBy.METRIC_UNAVAILABLE);
    }

    @Test
    void evaluationsOnSampleArrivalAreAtMostOncePerInterval() {
        // Given
        LiveComponent c = LiveDeployment.revisionCreated(null, revision(1, QPS_SPEC, List.of()))
                .withCounts("api-server", 1, 1, 1, T0, SETTINGS)
                .components()
                .get("api-server");

        // When
        LiveComponent evaluated = c.evaluate(T0, SETTINGS).next();

        // Then
        assertThat(c.dueAt(SETTINGS)).isEqualTo(Instant.MIN);
        assertThat(evaluated.dueAt(SETTINGS)).isEqualTo(T0.plus(Duration.ofSeconds(1)));
    }

    @Test
    void duringARolloutOnlyAnActivationAtZeroIsEvaluated() {
        // Given: min 0, at zero replicas, a rollout in progress
        String spec = "{\"name\":\"iris\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":"
                + "{\"min_replicas\":0,\"max_replicas\":3,\"metrics\":[{\"type\":\"qps\",\"value\":10}]}}}";
        LiveDeployment d = LiveDeployment.revisionCreated(null, revision(1, spec, List.of()))
                .withCounts("api-server", 1, 0, 0, T0, SETTINGS)
                .withRollingOut(true);

        // When
        LiveDeployment activated =
                d.withComponent(d.components().get("api-server").withActivation(T0));
        LiveComponent.Evaluated evaluated =
                activated.components().get("api-server").evaluate(T0, SETTINGS);

        // Then
        assertThat(d.evaluable("api-server")).isFalse();
        assertThat(activated.evaluable("api-server")).isTrue();
        assertThat(evaluated.decision().desiredReplicas()).isEqualTo(1);
        assertThat(evaluated.decision().limitedBy()).isEqualTo(LimitedBy.ACTIVATION);
        assertThat(evaluated.next().activationAt()).isNull();
    }

    @Test
    void aNewRevisionKeepsTheHistoryAndARollbackRestoresThePreviousSpec() {
        // Given: revision 1 decided once; revision 2 raises max_replicas and adds a runner
        LiveDeployment r1 = LiveDeployment.revisionCreated(null, revision(1, QPS_SPEC, List.of()))
                .withCounts("api-server", 1, 1, 1, T0, SETTINGS);
        LiveComponent c = r1.components().get("api-server").withSample(Map.of("qps", 40.0), "t", T0);
        r1 = r1.withComponent(c.evaluate(T0, SETTINGS).next());
        String spec2 = QPS_SPEC.replace("\"max_replicas\":5", "\"max_replicas\":9");

        // When
        LiveDeployment r2 = LiveDeployment.revisionCreated(r1, revision(2, spec2, List.of("extra")));
        LiveDeployment repeated = LiveDeployment.revisionCreated(r2, revision(2, spec2, List.of("extra")));
        LiveDeployment rolledBack = r2.withRollingOut(true).rolledBack(2, 1);

        // Then
        assertThat(r2.components()).containsOnlyKeys("api-server", "extra");
        assertThat(r2.components().get("api-server").policy().maxReplicas()).isEqualTo(9);
        assertThat(r2.components().get("api-server").decisions()).hasSize(1);
        assertThat(r2.components().get("api-server").current()).isEqualTo(4);
        assertThat(repeated).isSameAs(r2);
        assertThat(rolledBack.revision()).isEqualTo(1);
        assertThat(rolledBack.rollingOut()).isFalse();
        assertThat(rolledBack.components()).containsOnlyKeys("api-server");
        assertThat(rolledBack.components().get("api-server").policy().maxReplicas())
                .isEqualTo(5);
        assertThat(rolledBack.components().get("api-server").state())
                .isEqualTo(r2.components().get("api-server").state());
    }

    @Test
    void theReadyCountIsTheRolloutServicesAndReadyPodsOfASampleIsOnlyAValue() {
        // Given
        LiveComponent c = LiveDeployment.revisionCreated(null, revision(1, QPS_SPEC, List.of()))
                .withCounts("api-server", 1, 3, 1, T0, SETTINGS)
                .components()
                .get("api-server");

        // When
        LiveComponent sampled = c.withSample(Map.of("cpu", 50.0, "ready_pods", 3.0), "resource-collector", T0);

        // Then
        assertThat(sampled.ready()).isEqualTo(1);
        assertThat(sampled.metrics().get("ready_pods").value()).isEqualTo(3.0);
        assertThat(sampled.metrics().get("cpu").source()).isEqualTo("resource-collector");
    }
}
