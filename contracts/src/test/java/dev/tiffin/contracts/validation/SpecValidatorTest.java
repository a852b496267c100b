package dev.tiffin.contracts.validation;

import static dev.tiffin.contracts.Specs.withApiServer;
import static dev.tiffin.contracts.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tiffin.contracts.Specs;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.util.List;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

    private static ListAssert<Tuple> violations(DeploymentSpec spec) {
        return assertThat(SpecValidator.validate(spec).stream()
                .map(v -> tuple(v.path(), v.code()))
                .toList());
    }

    @Test
    void samplesAreValid() {
        assertThat(SpecValidator.validate(Specs.yaml(Specs.sample("canonical-full.yaml"))))
                .isEmpty();
        assertThat(SpecValidator.validate(Specs.yaml(Specs.sample("canonical-minimal.json"))))
                .isEmpty();
        assertThat(SpecValidator.validate(Specs.yaml(Specs.sample("example-deployment.json"))))
                .isEmpty();
    }

    @Test
    void reportsEveryViolationAtOnceWithItsPath() {
        DeploymentSpec spec = yaml("""
                name: Bad_Name
                bento: iris
                access_type: private
                envs: [{name: A, value: x}, {name: A, value: y}]
                api_server:
                  autoscaling: {min_replicas: -1}
                runners:
                  my_runner:
                    traffic: {timeout: 0}
                """);
        violations(spec)
                .containsExactlyInAnyOrder(
                        tuple("name", "invalid_format"),
                        tuple("bento", "invalid_format"),
                        tuple("access_type", "invalid_value"),
                        tuple("envs[1].name", "duplicate"),
                        tuple("api_server.autoscaling.min_replicas", "out_of_range"),
                        tuple("runners.my_runner.traffic.timeout", "out_of_range"));
    }

    @Test
    void requiresNameBentoAndApiServer() {
        violations(yaml("{description: nothing else}"))
                .containsExactlyInAnyOrder(
                        tuple("name", "required"), tuple("bento", "required"), tuple("api_server", "required"));
        violations(null).containsExactly(tuple("", "required"));
    }

    @Test
    void requireValidThrowsWithEveryViolation() {
        assertThatThrownBy(() -> SpecValidator.requireValid(yaml("{name: x}")))
                .isInstanceOfSatisfying(
                        InvalidDocumentException.class,
                        e -> assertThat(e.violations()).hasSize(2));
    }

    @Nested
    class Names {
        @ParameterizedTest
        @ValueSource(strings = {"My-App", "-app", "app-", "a_b", "a.b"})
        void nameIsADnsLabel(String name) {
            violations(yaml("{name: '" + name + "', bento: 'a:b', api_server: {}}"))
                    .containsExactly(tuple("name", "invalid_format"));
        }

        @Test
        void nameIsAtMost63() {
            violations(yaml("{name: " + "a".repeat(63) + ", bento: 'a:b', api_server: {}}"))
                    .isEmpty();
            violations(yaml("{name: " + "a".repeat(64) + ", bento: 'a:b', api_server: {}}"))
                    .containsExactly(tuple("name", "invalid_format"));
        }

        @Test
        void descriptionIsAtMost1000() {
            String ok = "{name: a, bento: 'a:b', api_server: {}, description: " + "d".repeat(1000) + "}";
            violations(yaml(ok)).isEmpty();
            violations(yaml(ok.replace("d}", "dd}"))).containsExactly(tuple("description", "too_long"));
        }

        @Test
        void clusterAndNamespace() {
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, cluster: eu-west.prod, kube_namespace: models}"))
                    .isEmpty();
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, cluster: 'EU', kube_namespace: 'a.b'}"))
                    .containsExactlyInAnyOrder(
                            tuple("cluster", "invalid_format"), tuple("kube_namespace", "invalid_format"));
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, cluster: ' '}"))
                    .containsExactly(tuple("cluster", "invalid_format"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"my_runner", "iris_clf", "tokenizer", "a-b_c1", "x"})
        void runnerNamesAllowUnderscoresAndDashes(String name) {
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, runners: {" + name + ": {}}}"))
                    .isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"My_Runner", "_x", "x-", "a.b"})
        void badRunnerNames(String name) {
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, runners: {'" + name + "': {}}}"))
                    .containsExactly(tuple("runners." + name, "invalid_format"));
        }

        @Test
        void runnerNeedsAConfiguration() {
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, runners: {r: null}}"))
                    .containsExactly(tuple("runners.r", "required"));
        }

        @Test
        void strategiesAreTheFourKnownOnes() {
            violations(yaml("{name: a, bento: 'a:b', deployment_strategy: BlueGreen, api_server:"
                            + " {deployment_strategy: rollingupdate}, runners: {r: {deployment_strategy:"
                            + " RampedSlowRollout}}}"))
                    .containsExactlyInAnyOrder(
                            tuple("deployment_strategy", "invalid_value"),
                            tuple("api_server.deployment_strategy", "invalid_value"));
        }

        @Test
        void labelsFollowKubernetesSyntax() {
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, labels: {team: ml, 'app.kubernetes.io/name':"
                            + " iris, empty: ''}}"))
                    .isEmpty();
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, labels: {'bad key': ok, good: 'bad value'}}"))
                    .containsExactlyInAnyOrder(
                            tuple("labels.bad key", "invalid_format"), tuple("labels.good", "invalid_format"));
            violations(yaml("{name: a, bento: 'a:b', api_server: {}, labels: {x: '" + "v".repeat(64) + "'}}"))
                    .containsExactly(tuple("labels.x", "invalid_format"));
        }
    }

    @Nested
    class Autoscaling {
        @Test
        void replicaBounds() {
            violations(withApiServer("{autoscaling: {min_replicas: 0, max_replicas: 1000}}"))
                    .isEmpty();
            violations(withApiServer("{autoscaling: {min_replicas: -1, max_replicas: 0}}"))
                    .containsExactlyInAnyOrder(
                            tuple("api_server.autoscaling.min_replicas", "out_of_range"),
                            tuple("api_server.autoscaling.max_replicas", "out_of_range"));
            violations(withApiServer("{autoscaling: {max_replicas: 1001}}"))
                    .containsExactly(tuple("api_server.autoscaling.max_replicas", "out_of_range"));
            violations(withApiServer("{autoscaling: {min_replicas: 1001}}"))
                    .containsExactly(tuple("api_server.autoscaling.min_replicas", "out_of_range"));
        }

        @Test
        void minAtMostMax() {
            violations(withApiServer("{autoscaling: {min_replicas: 3, max_replicas: 2}}"))
                    .containsExactly(tuple("api_server.autoscaling.min_replicas", "conflict"));
            violations(withApiServer("{autoscaling: {min_replicas: 2, max_replicas: 2}}"))
                    .isEmpty();
        }

        @Test
        void metrics() {
            violations(withApiServer(
                            "{autoscaling: {metrics: [{type: cpu, value: 100}, {type: memory, value: 0.5}, {type:"
                                    + " gpu, value: 50}, {type: qps, value: 500}]}}"))
                    .isEmpty();
            violations(withApiServer(
                            "{autoscaling: {metrics: [{type: cpu, value: 101}, {type: memory, value: 0}, {type: qps,"
                                    + " value: 0}, {type: rps, value: 1}, {type: cpu, value: 50}, {value: 3}, {type:"
                                    + " gpu}]}}"))
                    .containsExactly(
                            tuple("api_server.autoscaling.metrics[0].value", "out_of_range"),
                            tuple("api_server.autoscaling.metrics[1].value", "out_of_range"),
                            tuple("api_server.autoscaling.metrics[2].value", "out_of_range"),
                            tuple("api_server.autoscaling.metrics[3].type", "invalid_value"),
                            tuple("api_server.autoscaling.metrics[4].type", "duplicate"),
                            tuple("api_server.autoscaling.metrics[5].type", "required"),
                            tuple("api_server.autoscaling.metrics[6].value", "required"));
        }

        @Test
        void behaviours() {
            violations(withApiServer(
                            "{autoscaling: {scale_up: {behavior: fast, stabilization_window_seconds: 3600, policies:"
                                    + " [{type: pods, value: 1, period_seconds: 1800}], select_policy: min},"
                                    + " scale_down: {behavior: disabled, stabilization_window_seconds: 0}}}"))
                    .isEmpty();
            violations(withApiServer("{autoscaling: {scale_up: {behavior: slow, stabilization_window_seconds: 3601,"
                            + " select_policy: Max}, scale_down: {stabilization_window_seconds: -1, policies:"
                            + " [{type: replicas, value: 0, period_seconds: 0}, {period_seconds: 1801}]}}}"))
                    .containsExactlyInAnyOrder(
                            tuple("api_server.autoscaling.scale_up.behavior", "invalid_value"),
                            tuple("api_server.autoscaling.scale_up.stabilization_window_seconds", "out_of_range"),
                            tuple("api_server.autoscaling.scale_up.select_policy", "invalid_value"),
                            tuple("api_server.autoscaling.scale_down.stabilization_window_seconds", "out_of_range"),
                            tuple("api_server.autoscaling.scale_down.policies[0].type", "invalid_value"),
                            tuple("api_server.autoscaling.scale_down.policies[0].value", "out_of_range"),
                            tuple("api_server.autoscaling.scale_down.policies[0].period_seconds", "out_of_range"),
                            tuple("api_server.autoscaling.scale_down.policies[1].type", "required"),
                            tuple("api_server.autoscaling.scale_down.policies[1].value", "required"),
                            tuple("api_server.autoscaling.scale_down.policies[1].period_seconds", "out_of_range"));
        }
    }

    @Nested
    class Resources {
        @Test
        void instanceTypeOrCustomNotBoth() {
            violations(withApiServer("{resources: {instance_type: gpu.t4.1}}")).isEmpty();
            violations(withApiServer("{resources: {instance_type: cpu.2, requests: {cpu: '1'}}}"))
                    .containsExactly(tuple("api_server.resources", "conflict"));
            violations(withApiServer("{resources: {instance_type: 'CPU 2'}}"))
                    .containsExactly(tuple("api_server.resources.instance_type", "invalid_format"));
        }

        @Test
        void quantities() {
            violations(withApiServer(
                            "{resources: {requests: {cpu: '0.5', memory: 1G, gpu: 0, custom: {'example.com/foo':"
                                    + " '2'}}, limits: {cpu: 500m, memory: '1024', gpu: 1}}}"))
                    .containsExactly(tuple("api_server.resources.requests.memory", "conflict"));
            violations(withApiServer(
                            "{resources: {requests: {cpu: abc, memory: 4GB, gpu: -1, custom: {'bad key!': x}}, limits:"
                                    + " {cpu: '0', memory: '-1Gi'}}}"))
                    .containsExactlyInAnyOrder(
                            tuple("api_server.resources.requests.cpu", "invalid_format"),
                            tuple("api_server.resources.requests.memory", "invalid_format"),
                            tuple("api_server.resources.requests.gpu", "out_of_range"),
                            tuple("api_server.resources.requests.custom.bad key!", "invalid_format"),
                            tuple("api_server.resources.requests.custom.bad key!", "invalid_format"),
                            tuple("api_server.resources.limits.cpu", "out_of_range"),
                            tuple("api_server.resources.limits.memory", "out_of_range"));
        }

        @Test
        void requestsAtMostLimitsComparingParsedQuantities() {
            violations(withApiServer(
                            "{resources: {requests: {cpu: '2', memory: 1Gi, gpu: 2, custom: {'example.com/fpga': '2'}},"
                                    + " limits: {cpu: 1500m, memory: 1G, gpu: 1, custom: {'example.com/fpga': '1'}}}}"))
                    .containsExactlyInAnyOrder(
                            tuple("api_server.resources.requests.cpu", "conflict"),
                            tuple("api_server.resources.requests.memory", "conflict"),
                            tuple("api_server.resources.requests.gpu", "conflict"),
                            tuple("api_server.resources.requests.custom.example.com/fpga", "conflict"));
            violations(withApiServer(
                            "{resources: {requests: {cpu: 1000m, memory: 1Gi, gpu: 1}, limits: {cpu: '1', memory:"
                                    + " 1024Mi, gpu: 1}}}"))
                    .isEmpty();
        }
    }

    @Nested
    class Traffic {
        @ParameterizedTest
        @ValueSource(strings = {"60", "1.5", "'90s'", "'5m'", "'1h'", "'24h'", "86400", "'500ms'"})
        void validTimeouts(String timeout) {
            violations(withApiServer("{traffic: {timeout: " + timeout + "}}")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "'25h'", "86401", "'0s'"})
        void timeoutsOutOfRange(String timeout) {
            violations(withApiServer("{traffic: {timeout: " + timeout + "}}"))
                    .containsExactly(tuple("api_server.traffic.timeout", "out_of_range"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"'abc'", "'5 minutes'", "'1d'", "true"})
        void unreadableTimeouts(String timeout) {
            violations(withApiServer("{traffic: {timeout: " + timeout + "}}"))
                    .containsExactly(tuple("api_server.traffic.timeout", "invalid_format"));
        }

        @Test
        void queueAndConcurrency() {
            violations(withApiServer("{traffic: {max_queue: 0, max_concurrency: 1}}"))
                    .isEmpty();
            violations(withApiServer("{traffic: {max_queue: -1, max_concurrency: 0}}"))
                    .containsExactlyInAnyOrder(
                            tuple("api_server.traffic.max_queue", "out_of_range"),
                            tuple("api_server.traffic.max_concurrency", "out_of_range"));
        }
    }

    @Nested
    class Envs {
        @Test
        void validEnvs() {
            violations(yaml("{name: a, bento: 'a:b', envs: [{name: _A1, value: ''}, {name: S, secret: true}],"
                            + " api_server: {envs: [{name: _A1, value: x}]}}"))
                    .isEmpty();
        }

        @Test
        void envRules() {
            violations(yaml("{name: a, bento: 'a:b', envs: [{value: x}, {name: 1BAD, value: x}, {name: A}, {name: B,"
                            + " value: x, secret: false}, {name: C, value: x, sealed: abc}, {name: A, value:"
                            + " y}], api_server: {}, runners: {r: {envs: [{name: X, value: a}, {name: X,"
                            + " value: b}]}}}"))
                    .containsExactlyInAnyOrder(
                            tuple("envs[0].name", "required"),
                            tuple("envs[1].name", "invalid_format"),
                            tuple("envs[2].value", "required"),
                            tuple("envs[3].secret", "invalid_value"),
                            tuple("envs[4].sealed", "invalid_value"),
                            tuple("envs[5].name", "duplicate"),
                            tuple("runners.r.envs[1].name", "duplicate"));
        }
    }

    @Test
    void violationsAreImmutable() {
        List<Violation> list = SpecValidator.validate(yaml("{name: x}"));
        assertThatThrownBy(() -> list.add(Violation.of("", "", ""))).isInstanceOf(UnsupportedOperationException.class);
    }
}
