package dev.tiffin.autoscaler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.testsupport.DomainPurity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The domain core imports no framework: no Quarkus, fabric8, Kafka, SmallRye, Jakarta or Hibernate (DESIGN.md §2). */
class DomainPurityTest {

    @Test
    void domainSourcesImportNoFramework() {
        // Given
        Path domain = Path.of("src/main/java/dev/tiffin/autoscaler/domain");

        // When
        var offending = DomainPurity.offendingImports(domain);

        // Then
        assertThat(offending).isEmpty();
        assertThat(domain.resolve("LiveDeployment.java")).exists();
    }
}
