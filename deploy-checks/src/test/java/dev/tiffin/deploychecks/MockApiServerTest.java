package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole rendered base applies to a Kubernetes API server: fabric8's mock API server in CRUD mode (the local
 * cluster's), which stores what it is given. Every object must deserialize into its typed fabric8 model (so kind,
 * apiVersion and fields are ones the API knows), be created, and read back the same.
 */
class MockApiServerTest {

    /** Strong reference: the mock web server logs every request at INFO otherwise. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        MOCK_LOG.setLevel(Level.WARNING);
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void theWholeBaseAppliesToAKubernetesApiServer() {
        String rendered = Repo.kustomize(Repo.path("k8s/base"));
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
                .items();
        assertThat(objects).as("objects of k8s/base").hasSizeGreaterThan(20);
        List<String> generic = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
                generic.add(o.getKind() + " " + o.getMetadata().getName());
            }
        }
        assertThat(generic)
                .as("objects fabric8 knows no model for (unknown kind or apiVersion)")
                .isEmpty();

        // namespaces first, as kubectl apply does
        objects.stream()
                .filter(o -> !(o instanceof Namespaced))
                .forEach(o -> client.resource(o).create());
        objects.stream()
                .filter(o -> o instanceof Namespaced)
                .forEach(o -> client.resource(o).create());

        for (HasMetadata o : objects) {
            HasMetadata stored = client.resource(o).get();
            String what = o.getKind() + " " + o.getMetadata().getName();
            assertThat(stored).as("%s is stored", what).isNotNull();
            assertThat(stored.getMetadata().getNamespace())
                    .as("%s namespace", what)
                    .isEqualTo(o.getMetadata().getNamespace());
            assertThat(stored.getMetadata().getLabels())
                    .as("%s labels", what)
                    .isEqualTo(o.getMetadata().getLabels());
        }
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(KubernetesTest.NAMESPACE)
                        .list()
                        .getItems())
                .as("Deployments in the API server")
                .hasSize(Repo.services().size());
        assertThat(client.rbac().clusterRoles().list().getItems())
                .extracting(r -> r.getMetadata().getName())
                .contains("tiffin-rollout-service", "tiffin-autoscaler-service", "tiffin-traffic-service");
    }
}
