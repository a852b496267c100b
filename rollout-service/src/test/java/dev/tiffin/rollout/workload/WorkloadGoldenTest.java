package dev.tiffin.rollout.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.secrets.SecretSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each {@code src/test/resources/golden/<case>/input.json} (a RevisionCreated event) must build exactly
 * the objects of {@code expected.yaml}. A change of the builder's output fails here; when it is intended, regenerate
 * with {@code ./mvnw -pl rollout-service test -Dtest=WorkloadGoldenTest -Dgolden.update=true} and review the diff.
 */
class WorkloadGoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** The key the golden inputs' secret envs are sealed with (test data, not a real secret). */
    static final SecretSealer SEALER =
            new SecretSealer("tiffin-golden-test-key-000000000".getBytes(StandardCharsets.UTF_8));

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> everyCaseBuildsItsExpectedObjects() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases.stream().map(p -> p.getFileName().toString()))
                .contains("cpu-instance-type", "gpu-instance-type", "custom-resources", "secret-envs", "runners");
        return cases.stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        // Given
        RevisionCreated revision = read(dir.resolve("input.json"));

        // When
        String actual =
                StableYaml.write(new WorkloadBuilder(SEALER).build(revision).all());

        // Then
        Path expected = dir.resolve("expected.yaml");
        if (UPDATE) {
            Files.writeString(expected, actual);
            return;
        }
        if (!Files.exists(expected)) {
            fail(expected + " is missing; generate it with -Dgolden.update=true and review it");
        }
        assertThat(actual)
                .as("%s drifted; if intended, regenerate with -Dgolden.update=true", expected)
                .isEqualTo(Files.readString(expected));
        assertNoClearSecret(revision, actual);
    }

    /** A secret env's clear value appears only base64-encoded in the Secret, never in a Deployment. */
    private static void assertNoClearSecret(RevisionCreated revision, String yaml) {
        revision.spec().envs().stream().filter(e -> e.isSecret()).forEach(e -> {
            String clear = SEALER.unseal(e.name(), e.sealed());
            assertThat(yaml).doesNotContain(clear).doesNotContain(e.sealed());
            assertThat(yaml).contains(Base64.getEncoder().encodeToString(clear.getBytes(StandardCharsets.UTF_8)));
        });
    }

    static RevisionCreated read(Path input) throws IOException {
        return TiffinJson.mapper().readValue(Files.readString(input), RevisionCreated.class);
    }
}
