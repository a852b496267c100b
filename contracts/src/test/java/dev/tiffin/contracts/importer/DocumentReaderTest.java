package dev.tiffin.contracts.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tiffin.contracts.Specs;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {

    static org.assertj.core.api.ListAssert<org.assertj.core.groups.Tuple> violationsOf(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(InvalidDocumentException.class);
        return assertThat(((InvalidDocumentException) thrown)
                .violations().stream().map(v -> tuple(v.path(), v.code())).toList());
    }

    @Test
    void readsCanonicalJsonAndYaml() {
        ImportResult json = DocumentReader.read(Specs.sample("canonical-minimal.json"), "application/json", null);
        assertThat(json.sourceFormat()).isEqualTo(ImportResult.CANONICAL);
        assertThat(json.spec().name()).isEqualTo("sentence-embedder");
        assertThat(json.warnings()).isEmpty();

        ImportResult yaml = DocumentReader.read(Specs.sample("canonical-full.yaml"), "application/yaml", null);
        assertThat(yaml.sourceFormat()).isEqualTo(ImportResult.CANONICAL);
        assertThat(yaml.spec().runners()).containsOnlyKeys("iris_clf");
        assertThat(yaml.spec().apiServer().traffic().timeout().raw()).isEqualTo("5m");
    }

    @Test
    void canonicalRoundTripsUnchanged() {
        DeploymentSpec spec = DocumentReader.read(Specs.sample("example-deployment.json"), "application/json", null)
                .spec();
        DeploymentSpec again = DocumentReader.read(TiffinJson.write(spec), "application/json", null)
                .spec();
        assertThat(again).isEqualTo(spec);
        assertThat(TiffinJson.tree(again))
                .isEqualTo(TiffinJson.tree(Specs.yaml(Specs.sample("example-deployment.json"))));
    }

    @Test
    void detectsTheFormatFromTheDocument() throws Exception {
        assertThat(DocumentReader.detect(TiffinJson.mapper().readTree("{\"targets\":[]}")))
                .isEqualTo(ImportResult.BENTOML_V1);
        assertThat(DocumentReader.detect(TiffinJson.mapper().readTree("{\"services\":{}}")))
                .isEqualTo(ImportResult.BENTOML_V2);
        assertThat(DocumentReader.detect(TiffinJson.mapper().readTree("{\"access_authorization\":true}")))
                .isEqualTo(ImportResult.BENTOML_V2);
        assertThat(DocumentReader.detect(TiffinJson.mapper().readTree("{\"scaling\":{}}")))
                .isEqualTo(ImportResult.BENTOML_V2);
        assertThat(DocumentReader.detect(TiffinJson.mapper().readTree("{\"api_server\":{}}")))
                .isEqualTo(ImportResult.CANONICAL);
        assertThat(DocumentReader.detect(TiffinJson.mapper().readTree("{\"name\":\"x\"}")))
                .isEqualTo(ImportResult.CANONICAL);
    }

    @Test
    void anUnrecognisedDocumentGetsCanonicalErrors() {
        violationsOf(() -> DocumentReader.read("{\"name\": \"x\", \"replicas\": 3}", "application/json", null))
                .containsExactly(tuple("replicas", "unknown_field"));
        violationsOf(() -> DocumentReader.read("{\"name\": \"x\"}", "application/json", null))
                .containsExactlyInAnyOrder(tuple("bento", "required"), tuple("api_server", "required"));
    }

    @Test
    void canonicalUnknownFieldsAreAllReportedWithPaths() {
        violationsOf(() -> DocumentReader.read(
                        "{name: x, bento: 'a:b', api_server: {autoscaling: {min: 1}, traffic: {queue: 2}}, extra: 1}",
                        "application/yaml",
                        null))
                .containsExactlyInAnyOrder(
                        tuple("api_server.autoscaling.min", "unknown_field"),
                        tuple("api_server.traffic.queue", "unknown_field"),
                        tuple("extra", "unknown_field"));
    }

    @Test
    void malformedJsonIsAJsonError() {
        assertThatThrownBy(() -> DocumentReader.read("{\"name\": \"x\",}", "application/json; charset=utf-8", null))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.code()).isEqualTo("malformed");
                        assertThat(v.message()).contains("line 1");
                    });
                });
    }

    @Test
    void yamlParsesJsonToo() {
        assertThat(DocumentReader.read(Specs.sample("canonical-minimal.json"), null, null)
                        .spec()
                        .bento())
                .isEqualTo("sentence-embedder:latest");
    }

    @Test
    void malformedYamlEmptyAndNonObjectDocuments() {
        violationsOf(() -> DocumentReader.read("name: [x", "application/yaml", null))
                .containsExactly(tuple("", "malformed"));
        violationsOf(() -> DocumentReader.read("  ", "application/yaml", null)).containsExactly(tuple("", "empty"));
        violationsOf(() -> DocumentReader.read("[1, 2]", "application/json", null))
                .containsExactly(tuple("", "wrong_type"));
    }

    @Test
    void duplicateKeysAreRefused() {
        violationsOf(() -> DocumentReader.read("{\"name\":\"a\",\"name\":\"b\"}", "application/json", null))
                .containsExactly(tuple("", "malformed"));
    }

    @Test
    void convertSkipsValidation() {
        ImportResult r = DocumentReader.convert("{\"name\": \"X\"}", "application/json", null);
        assertThat(r.spec().name()).isEqualTo("X");
    }

    @Test
    void examplesInTheRepositoryAreTheSamples() throws Exception {
        java.nio.file.Path examples = java.nio.file.Path.of("..", "examples");
        if (java.nio.file.Files.isDirectory(examples)) {
            assertThat(java.nio.file.Files.readString(examples.resolve("deployment.json")))
                    .isEqualTo(Specs.sample("example-deployment.json"));
            assertThat(java.nio.file.Files.readString(examples.resolve("deployment-v2.yaml")))
                    .isEqualTo(Specs.sample("example-deployment-v2.yaml"));
        }
    }

    @Test
    void examplesImport() {
        ImportResult canonical = DocumentReader.read(Specs.sample("example-deployment.json"), "application/json", null);
        ImportResult v2 = DocumentReader.read(Specs.sample("example-deployment-v2.yaml"), null, Lookups.LOCAL);
        assertThat(v2.sourceFormat()).isEqualTo(ImportResult.BENTOML_V2);
        assertThat(v2.spec().runners()).containsOnlyKeys("iris_clf");
        assertThat(canonical.spec().envs().get(1).isSecret()).isTrue();
    }
}
