package dev.tiffin.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain core imports no framework: no Quarkus, fabric8, Kafka, SmallRye, Jakarta or Hibernate (DESIGN.md §2). */
class DomainPurityTest {

    private static final List<String> FORBIDDEN = List.of(
            "import io.quarkus",
            "import io.fabric8",
            "import org.apache.kafka",
            "import io.smallrye",
            "import jakarta.",
            "import org.hibernate",
            "import io.vertx",
            "import io.micrometer");

    @Test
    void domainSourcesImportNoFramework() throws IOException {
        // Given
        Path domain = Path.of("src/main/java/dev/tiffin/rollout/domain");

        // When
        List<String> offending;
        try (Stream<Path> files = Files.list(domain)) {
            offending = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream()
                            .filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
                            .map(l -> f.getFileName() + ": " + l))
                    .toList();
        }

        // Then
        assertThat(offending).isEmpty();
        assertThat(domain.resolve("StepPlanner.java")).exists();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
