package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository under test: its files, its Quarkus services, YAML and JSON readers, and {@code kubectl kustomize}. */
final class Repo {

    static final Path ROOT = root();
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static List<QuarkusService> services;

    private Repo() {}

    private static Path root() {
        String configured = System.getProperty("tiffin.repo.root", "");
        Path candidate = configured.isBlank()
                ? Path.of("").toAbsolutePath().getParent()
                : Path.of(configured).toAbsolutePath();
        if (!Files.isRegularFile(candidate.resolve("pom.xml")) || !Files.isDirectory(candidate.resolve("contracts"))) {
            throw new IllegalStateException("not the Tiffin repository root: " + candidate);
        }
        return candidate;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every document of a multi-document YAML stream (empty documents skipped). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The parent pom's modules, in order. */
    static List<String> modules() {
        String pom = read(path("pom.xml"));
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /**
     * The Tiffin services: the modules built with the Quarkus Maven plugin that listen on an HTTP port. A new service
     * is picked up automatically, and every packaging check then asks for it.
     */
    static synchronized List<QuarkusService> services() {
        if (services == null) {
            List<QuarkusService> found = new ArrayList<>();
            for (String module : modules()) {
                Path dir = path(module);
                Path pom = dir.resolve("pom.xml");
                if (Files.isRegularFile(pom)
                        && read(pom).contains("<artifactId>quarkus-maven-plugin</artifactId>")
                        && Files.isRegularFile(dir.resolve("src/main/resources/application.properties"))) {
                    found.add(QuarkusService.load(module, dir));
                }
            }
            services = List.copyOf(found);
        }
        return services;
    }

    static QuarkusService service(String name) {
        return services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Tiffin service named " + name));
    }

    /** Renders a kustomization with {@code kubectl kustomize}; fails with kubectl's stderr when it cannot. */
    static String kustomize(Path dir) {
        Path err;
        Path out;
        try {
            err = Files.createTempFile("kustomize", ".err");
            out = Files.createTempFile("kustomize", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process;
            try {
                process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                return fail("kubectl is needed to render k8s/ (kubectl kustomize): " + e.getMessage());
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("kubectl kustomize " + ROOT.relativize(dir) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                return fail("kubectl kustomize " + ROOT.relativize(dir) + " failed (exit " + process.exitValue()
                        + "):\n" + Files.readString(err));
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(err);
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // temp files
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
