package dev.tiffin.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.contracts.validation.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void the_default_cluster_is_the_configured_one_or_the_first_registered() {
        List<ClusterInfo> clusters =
                List.of(new ClusterInfo("a", "default", null, null), new ClusterInfo("b", "ns", null, null));

        assertThat(new CatalogSnapshot(clusters, null, Map.of(), List.of()).defaultCluster())
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("a"));
        assertThat(new CatalogSnapshot(clusters, "b", Map.of(), List.of()).defaultCluster())
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("b"));
        assertThat(new CatalogSnapshot(clusters, "zzz", Map.of(), List.of()).defaultCluster())
                .isEmpty();
    }

    @Test
    void clusters_are_listed_with_the_default_first() {
        List<ClusterInfo> clusters =
                List.of(new ClusterInfo("a", "default", null, null), new ClusterInfo("b", "ns", null, null));

        assertThat(new CatalogSnapshot(clusters, "b", Map.of(), List.of()).clustersDefaultFirst())
                .extracting(ClusterInfo::name)
                .containsExactly("b", "a");
        assertThat(new CatalogSnapshot(clusters, null, Map.of(), List.of()).clustersDefaultFirst())
                .extracting(ClusterInfo::name)
                .containsExactly("a", "b");
    }

    @Test
    void bento_resolution() {
        CatalogSnapshot catalog = Fixtures.catalog();

        assertThat(catalog.resolve(BentoRef.parse("iris:latest"))).contains(Fixtures.IRIS_2);
        assertThat(catalog.resolve(BentoRef.parse("iris:1.0.0"))).contains(Fixtures.IRIS_1);
        assertThat(catalog.resolve(BentoRef.parse("iris:3"))).isEmpty();
        assertThat(catalog.resolve(BentoRef.parse("other:latest"))).isEmpty();
    }

    @Test
    void cluster_fields_are_checked() {
        assertThat(CatalogValidation.cluster(new ClusterInfo("Bad_Name", "Not OK", null, null)))
                .extracting(Violation::path)
                .containsExactly("name", "default_namespace");
        assertThat(CatalogValidation.cluster(new ClusterInfo(null, null, null, null)))
                .extracting(Violation::code)
                .containsExactly("required");
        assertThat(CatalogValidation.cluster(new ClusterInfo("local", "default", "kind-local", null)))
                .isEmpty();
    }

    @Test
    void instance_type_fields_are_checked() {
        assertThat(CatalogValidation.instanceType(new InstanceType("gpu.l4.1", "4", "16Gi", 1, "nvidia-l4", 1.2, null)))
                .isEmpty();
        assertThat(CatalogValidation.instanceType(new InstanceType("x", "lots", null, 1, null, -1.0, null)))
                .extracting(Violation::path)
                .containsExactly("cpu", "memory", "gpu_type", "price");
    }

    @Test
    void bento_fields_are_checked() {
        assertThat(CatalogValidation.bento(Fixtures.IRIS_1)).isEmpty();
        assertThat(CatalogValidation.bento(new BentoInfo("iris", "latest", null, null, List.of("a", "a", "B!"))))
                .extracting(Violation::path)
                .containsExactly("version", "image", "runners[1]", "runners[2]");
    }
}
