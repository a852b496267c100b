package dev.tiffin.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class KubeletSimulatorUnitTest {

    @Test
    void maxUnavailableFollowsKubernetesRules() {
        assertThat(KubeletSimulator.maxUnavailable(rolling(null, null), 10)).isEqualTo(2); // 25% down
        assertThat(KubeletSimulator.maxUnavailable(rolling(null, null), 3)).isZero(); // floor(0.75), surge 1
        assertThat(KubeletSimulator.maxUnavailable(rolling("0", "0%"), 3)).isEqualTo(1); // fencepost
        assertThat(KubeletSimulator.maxUnavailable(rolling("1", "20%"), 5)).isEqualTo(1);
        Deployment recreate = new DeploymentBuilder()
                .withNewSpec()
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .endSpec()
                .build();
        assertThat(KubeletSimulator.maxUnavailable(recreate, 3)).isZero();
    }

    @Test
    void behaviourEntriesApplyFromGeneralToSpecific() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"*": {"latencyMs": 7, "startupDelayMs": 10},
                 "registry.local/iris": {"startupDelayMs": 20},
                 "registry.local/iris:v2": {"neverReady": true},
                 "iris-v2-bento": {"latencyMs": 99}}
                """);
        BehaviourConfig config = new BehaviourConfig(BentoBehaviour.DEFAULT, json);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .addToLabels(BehaviourConfig.BENTO_LABEL, "iris-v2-bento")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("bento")
                .withImage("registry.local/iris:v2")
                .endContainer()
                .endSpec()
                .build();
        assertThat(BehaviourConfig.keys(pod))
                .containsExactly("*", "registry.local/iris", "registry.local/iris:v2", "iris-v2-bento");
        // no client: the ConfigMap lookup is skipped by resolving against the file only
        BentoBehaviour b = BentoBehaviour.DEFAULT;
        for (String key : BehaviourConfig.keys(pod)) {
            b = b.overriddenBy(json.get(key));
        }
        assertThat(b.startupDelayMs()).isEqualTo(20);
        assertThat(b.neverReady()).isTrue();
        assertThat(b.latencyMs()).isEqualTo(99);
        assertThat(b.capacity()).isEqualTo(BentoBehaviour.DEFAULT.capacity());
        assertThat(config).isNotNull();
    }

    private static Deployment rolling(String surge, String unavailable) {
        return new DeploymentBuilder()
                .withNewSpec()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(surge == null ? null : new IntOrString(surge))
                .withMaxUnavailable(unavailable == null ? null : new IntOrString(unavailable))
                .endRollingUpdate()
                .endStrategy()
                .endSpec()
                .build();
    }
}
