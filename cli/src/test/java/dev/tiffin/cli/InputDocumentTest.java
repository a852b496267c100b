package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputDocumentTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void contentTypeFromExtension() {
        assertThat(InputDocument.contentType("d.json", bytes("name: x"))).isEqualTo("application/json");
        assertThat(InputDocument.contentType("d.YAML", bytes("{}"))).isEqualTo("application/yaml");
        assertThat(InputDocument.contentType("dir/d.yml", bytes("{}"))).isEqualTo("application/yaml");
    }

    @Test
    void contentTypeFromContentWithoutExtension() {
        assertThat(InputDocument.contentType("-", bytes("\uFEFF \n {\"name\":\"x\"}")))
                .isEqualTo("application/json");
        assertThat(InputDocument.contentType("deployment", bytes("[1]"))).isEqualTo("application/json");
        assertThat(InputDocument.contentType("deployment", bytes("# comment\nname: x\n")))
                .isEqualTo("application/yaml");
        assertThat(InputDocument.contentType("deployment.txt", bytes("---\nname: x")))
                .isEqualTo("application/yaml");
    }

    @Test
    void readsNameClusterAndNamespaceFromEachFormat() {
        InputDocument canonical =
                InputDocument.of("c.json", bytes("{\"name\":\"iris\",\"cluster\":\"gpu\",\"kube_namespace\":\"ml\"}"));
        assertThat(canonical.name()).isEqualTo("iris");
        assertThat(canonical.cluster()).isEqualTo("gpu");
        assertThat(canonical.namespace()).isEqualTo("ml");

        InputDocument v1 =
                InputDocument.of("v1.json", bytes("{\"name\":\"iris\",\"cluster_name\":\"c1\",\"targets\":[]}"));
        assertThat(v1.cluster()).isEqualTo("c1");

        InputDocument v2 = InputDocument.of("v2.yaml", bytes("name: iris\nbento: iris:latest\nservices: {}\n"));
        assertThat(v2.name()).isEqualTo("iris");
        assertThat(v2.cluster()).isNull();
    }

    @Test
    void sendsTheBytesAsTheyAreButPatchesAsJson() {
        byte[] yaml = bytes("api_server:\n  autoscaling:\n    max_replicas: 5\n");
        InputDocument doc = InputDocument.of("patch.yaml", yaml);
        assertThat(doc.body()).isEqualTo(yaml);
        assertThat(new String(doc.asJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"api_server\":{\"autoscaling\":{\"max_replicas\":5}}}");
        assertThat(InputDocument.of("broken", bytes("{not: [valid")).name()).isNull();
    }
}
