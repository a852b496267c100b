package dev.tiffin.contracts.spec;

import static dev.tiffin.contracts.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.Specs;
import dev.tiffin.contracts.validation.SpecValidator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecDefaultsTest {

    private static DeploymentSpec effective(String yaml) {
        return SpecDefaults.effective(yaml(yaml), "local", "default");
    }

    @Test
    void fillsDeploymentDefaults() {
        DeploymentSpec spec = effective("{name: a, bento: 'a:b', api_server: {}}");

        assertThat(spec.cluster()).isEqualTo("local");
        assertThat(spec.kubeNamespace()).isEqualTo("default");
        assertThat(spec.accessType()).isEqualTo("protected");
        assertThat(spec.deploymentStrategy()).isEqualTo("RollingUpdate");
        assertThat(spec.runners()).isEmpty();
        assertThat(spec.envs()).isEmpty();
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void keepsWhatWasGiven() {
        DeploymentSpec spec = effective(
                "{name: a, bento: 'a:b', cluster: eu, kube_namespace: ml, access_type: public, deployment_strategy:"
                        + " Recreate, api_server: {}}");

        assertThat(spec.cluster()).isEqualTo("eu");
        assertThat(spec.kubeNamespace()).isEqualTo("ml");
        assertThat(spec.accessType()).isEqualTo("public");
        assertThat(spec.deploymentStrategy()).isEqualTo("Recreate");
        assertThat(spec.apiServer().deploymentStrategy()).isEqualTo("Recreate");
    }

    @Test
    void fillsComponentDefaults() {
        Component api = effective("{name: a, bento: 'a:b', api_server: {}}").apiServer();

        assertThat(api.autoscaling())
                .isEqualTo(new Autoscaling(
                        1,
                        1,
                        List.of(new MetricTarget("cpu", 80.0)),
                        ScalingRules.preset(Behavior.FAST),
                        ScalingRules.preset(Behavior.STABLE)));
        assertThat(api.traffic().timeout().duration()).contains(Duration.ofSeconds(60));
        assertThat(api.traffic().maxQueue()).isNull();
        assertThat(api.traffic().maxConcurrency()).isNull();
        assertThat(api.deploymentStrategy()).isEqualTo("RollingUpdate");
        assertThat(api.resources()).isNull();
    }

    @Test
    void replicasLikeBentoMlFixScaling() {
        assertThat(replicas("{min_replicas: 3}")).containsExactly(3, 3);
        assertThat(replicas("{min_replicas: 0}")).containsExactly(0, 1);
        assertThat(replicas("{max_replicas: 5}")).containsExactly(1, 5);
        assertThat(replicas("{min_replicas: 2, max_replicas: 4}")).containsExactly(2, 4);
        assertThat(replicas("{metrics: []}")).containsExactly(1, 1);
    }

    private static List<Integer> replicas(String autoscaling) {
        Autoscaling a = effective("{name: a, bento: 'a:b', api_server: {autoscaling: " + autoscaling + "}}")
                .apiServer()
                .autoscaling();
        return List.of(a.minReplicas(), a.maxReplicas());
    }

    @Test
    void emptyMetricsTargetCpu80AndGivenMetricsStay() {
        assertThat(effective("{name: a, bento: 'a:b', api_server: {autoscaling: {metrics: []}}}")
                        .apiServer()
                        .autoscaling()
                        .metrics())
                .containsExactly(new MetricTarget("cpu", 80.0));
        assertThat(effective("{name: a, bento: 'a:b', api_server: {autoscaling: {metrics: [{type: qps, value: 5}]}}}")
                        .apiServer()
                        .autoscaling()
                        .metrics())
                .containsExactly(new MetricTarget("qps", 5.0));
    }

    @Test
    void rulesWithoutBehaviourGetTheDirectionsPresetAndKeepTheirFields() {
        Autoscaling a = effective(
                        "{name: a, bento: 'a:b', api_server: {autoscaling: {scale_up: {stabilization_window_seconds:"
                                + " 30}, scale_down: {behavior: disabled}}}}")
                .apiServer()
                .autoscaling();
        assertThat(a.scaleUp()).isEqualTo(new ScalingRules("fast", 30, null, null));
        assertThat(a.scaleDown()).isEqualTo(ScalingRules.preset(Behavior.DISABLED));
    }

    @Test
    void timeoutDefaultKeepsQueueSettings() {
        TrafficControl t = effective("{name: a, bento: 'a:b', api_server: {traffic: {max_queue: 5}}}")
                .apiServer()
                .traffic();
        assertThat(t.timeout().duration()).contains(Duration.ofSeconds(60));
        assertThat(t.maxQueue()).isEqualTo(5);
        TrafficControl given = effective("{name: a, bento: 'a:b', api_server: {traffic: {timeout: 5m}}}")
                .apiServer()
                .traffic();
        assertThat(given.timeout().raw()).isEqualTo("5m");
    }

    @Test
    void componentsInheritStrategyUnlessTheyOverrideIt() {
        DeploymentSpec spec = effective(
                "{name: a, bento: 'a:b', deployment_strategy: RampedSlowRollout, api_server: {}, runners: {r1: {},"
                        + " r2: {deployment_strategy: Recreate}}}");
        assertThat(spec.runners().get("r1").deploymentStrategy()).isEqualTo("RampedSlowRollout");
        assertThat(spec.runners().get("r2").deploymentStrategy()).isEqualTo("Recreate");
        assertThat(spec.runners().get("r1").autoscaling().minReplicas()).isEqualTo(1);
    }

    @Test
    void deploymentEnvsMergeUnderComponentEnvs() {
        DeploymentSpec spec = effective(
                "{name: a, bento: 'a:b', envs: [{name: A, value: '1'}, {name: B, value: '2'}], api_server: {envs:"
                        + " [{name: B, value: api}, {name: C, value: '3'}]}, runners: {r: {}}}");
        assertThat(spec.apiServer().envs())
                .containsExactly(EnvVar.plain("A", "1"), EnvVar.plain("B", "api"), EnvVar.plain("C", "3"));
        assertThat(spec.runners().get("r").envs()).containsExactly(EnvVar.plain("A", "1"), EnvVar.plain("B", "2"));
    }

    @Test
    void isIdempotent() {
        DeploymentSpec once = SpecDefaults.effective(yaml(Specs.sample("canonical-full.yaml")), "x", "y");
        assertThat(SpecDefaults.effective(once, "other", "other")).isEqualTo(once);
        assertThat(SpecValidator.validate(once)).isEmpty();
    }

    @Test
    void effectiveSpecEqualsItsJsonRoundTrip() throws Exception {
        DeploymentSpec once = SpecDefaults.effective(yaml(Specs.sample("canonical-full.yaml")), "x", "y");
        DeploymentSpec minimal = SpecDefaults.effective(yaml(Specs.sample("canonical-minimal.json")), "x", "y");
        for (DeploymentSpec spec : List.of(once, minimal)) {
            String json = dev.tiffin.contracts.json.TiffinJson.write(spec);
            assertThat(dev.tiffin.contracts.json.TiffinJson.mapper().readValue(json, DeploymentSpec.class))
                    .isEqualTo(spec);
        }
    }

    @Test
    void behaviourPresetsAreTheHpaBehavioursOfDesign() {
        ScalingPolicy percent = new ScalingPolicy("percent", 100, 15);
        ScalingPolicy pods = new ScalingPolicy("pods", 4, 15);
        assertThat(SpecDefaults.behaviorRules(ScalingRules.preset(Behavior.FAST), ScalingDirection.UP))
                .isEqualTo(new ResolvedBehavior(0, List.of(percent, pods), "max"));
        assertThat(SpecDefaults.behaviorRules(ScalingRules.preset(Behavior.FAST), ScalingDirection.DOWN))
                .isEqualTo(new ResolvedBehavior(0, List.of(percent, pods), "max"));
        assertThat(SpecDefaults.behaviorRules(ScalingRules.preset(Behavior.STABLE), ScalingDirection.UP))
                .isEqualTo(new ResolvedBehavior(300, List.of(percent), "max"));
        assertThat(SpecDefaults.behaviorRules(ScalingRules.preset(Behavior.STABLE), ScalingDirection.DOWN))
                .isEqualTo(new ResolvedBehavior(300, List.of(percent), "max"));
        ResolvedBehavior disabled =
                SpecDefaults.behaviorRules(ScalingRules.preset(Behavior.DISABLED), ScalingDirection.DOWN);
        assertThat(disabled.selectPolicy()).isEqualTo("disabled");
        assertThat(disabled.disabled()).isTrue();
        assertThat(disabled.hpaSelectPolicy()).isEqualTo("Disabled");
    }

    @Test
    void absentRulesResolveToTheDirectionsDefault() {
        assertThat(SpecDefaults.behaviorRules(null, ScalingDirection.UP).stabilizationWindowSeconds())
                .isZero();
        assertThat(SpecDefaults.behaviorRules(null, ScalingDirection.DOWN).stabilizationWindowSeconds())
                .isEqualTo(300);
        assertThat(SpecDefaults.behaviorRules(new ScalingRules(null, null, null, null), ScalingDirection.DOWN)
                        .policies())
                .hasSize(1);
    }

    @Test
    void explicitFieldsOverrideThePreset() {
        ScalingPolicy onePod = new ScalingPolicy("pods", 1, 60);
        ResolvedBehavior r = SpecDefaults.behaviorRules(
                new ScalingRules("stable", 60, List.of(onePod), "min"), ScalingDirection.DOWN);
        assertThat(r).isEqualTo(new ResolvedBehavior(60, List.of(onePod), "min"));
        assertThat(r.hpaSelectPolicy()).isEqualTo("Min");
        assertThat(SpecDefaults.behaviorRules(new ScalingRules("fast", 120, null, null), ScalingDirection.UP))
                .isEqualTo(new ResolvedBehavior(
                        120, List.of(new ScalingPolicy("percent", 100, 15), new ScalingPolicy("pods", 4, 15)), "max"));
    }
}
