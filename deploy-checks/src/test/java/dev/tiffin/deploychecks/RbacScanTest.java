package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The source scan behind the RBAC check reads the fabric8 idioms the services use. */
class RbacScanTest {

    private static final String HEADER = "import io.fabric8.kubernetes.client.KubernetesClient;\nclass X {\n";

    private static RbacScan.Usage scan(String body) {
        return RbacScan.scanSource("X.java", HEADER + body + "\n}\n");
    }

    @Test
    void chainsMapToResourcesAndVerbs() {
        RbacScan.Usage usage = scan("""
                void a(KubernetesClient client, Deployment d) {
                    client.apps().deployments().inNamespace(ns).resource(d).create();
                    client.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("n") // a comment with .delete() in it
                            .edit(x -> x);
                    informer = client.endpoints().inAnyNamespace().withLabel("a", "b").runnableInformer(0);
                    client.services().inNamespace(ns).withLabel("k", "v").delete();
                    var pods = client.pods().inNamespace(ns).withLabel("a", "b").list().getItems().get(0);
                    client.top().pods().inNamespace(ns).metrics();
                    client.apps().deployments().inNamespace(ns).withName("n").scale(3);
                }
                """);
        assertThat(usage.unresolved()).isEmpty();
        assertThat(usage.access())
                .isEqualTo(Map.of(
                        "apps/deployments", Set.of("create", "get", "patch"),
                        "apps/deployments/scale", Set.of("get", "patch"),
                        "/endpoints", Set.of("list", "watch"),
                        "/services", Set.of("deletecollection"),
                        "/pods", Set.of("list"),
                        "metrics.k8s.io/pods", Set.of("list")));
    }

    @Test
    void aChainKeptInAVariableIsFollowedToItsOperations() {
        RbacScan.Usage usage = scan("""
                void a(KubernetesClient client) {
                    var resource = client.secrets().inNamespace(ns).withName("s");
                    if (resource.get() == null) {
                        other();
                    }
                    resource.delete();
                }
                """);
        assertThat(usage.access()).isEqualTo(Map.of("/secrets", Set.of("get", "delete")));
    }

    @Test
    void whatIsNotAFabric8ChainIsIgnoredAndWhatCannotBeFollowedIsReported() {
        RbacScan.Usage usage = scan("""
                void a(KubernetesClient client) {
                    for (Service s : desired.services()) { use(s); }
                    keep(client.configMaps().inNamespace(ns));
                }
                """);
        assertThat(usage.access()).isEmpty();
        assertThat(usage.unresolved()).hasSize(1).allMatch(u -> u.contains("configMaps()"));
    }
}
