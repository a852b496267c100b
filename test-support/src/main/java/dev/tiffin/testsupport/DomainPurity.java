package dev.tiffin.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks that a service's domain core imports no framework (DESIGN.md §2: records and functions only): no Quarkus,
 * fabric8, Kafka, SmallRye, Jakarta, Hibernate, Vert.x or Micrometer import in any source file of the package folder.
 */
public final class DomainPurity {

    public static final List<String> FORBIDDEN = List.of(
            "import io.quarkus",
            "import io.fabric8",
            "import org.apache.kafka",
            "import io.smallrye",
            "import jakarta.",
            "import org.hibernate",
            "import io.vertx",
            "import io.micrometer");

    private DomainPurity() {}

    /**
     * The offending imports ({@code File.java: import ...}) of the sources in {@code packageDir} (e.g.
     * {@code src/main/java/dev/tiffin/rollout/domain}); empty when the core is pure. Fails when the folder does not
     * exist, so that a moved package cannot make the check vacuous.
     */
    public static List<String> offendingImports(Path packageDir) {
        if (!Files.isDirectory(packageDir)) {
            throw new IllegalArgumentException("no domain package at " + packageDir.toAbsolutePath());
        }
        try (Stream<Path> files = Files.list(packageDir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .sorted()
                    .flatMap(f -> lines(f).stream()
                            .filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
                            .map(l -> f.getFileName() + ": " + l))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
