package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.events.TopicSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, the Dockerfiles it builds, and the .env template, against the services' sources. */
class ComposeTest {

    static final Path COMPOSE = Repo.path("docker-compose.yml");
    static final JsonNode SERVICES = Repo.yaml(COMPOSE).path("services");

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?");
    private static final Pattern CREATE_TOPIC = Pattern.compile("(?m)^\\s*create_topic\\s+(\\S+)\\s+(\\d+)(.*)$");
    private static final Pattern TOPIC_CONFIG = Pattern.compile("--config\\s+([^=\\s]+)=(\\S+)");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY)$");

    @Test
    void everyTiffinServiceIsBuiltFromItsModule() {
        assertThat(SERVICES.isObject())
                .as("docker-compose.yml has a services map")
                .isTrue();
        for (QuarkusService service : Repo.services()) {
            JsonNode compose = SERVICES.path(service.name());
            assertThat(compose.isObject())
                    .as("docker-compose.yml has a service %s", service.name())
                    .isTrue();
            assertThat(Repo.text(compose.path("build"), "context"))
                    .as("%s build context", service.name())
                    .isIn("./" + service.name(), service.name());
            assertThat(Repo.text(compose.path("build"), "dockerfile"))
                    .as("%s dockerfile", service.name())
                    .isEqualTo("src/main/docker/Dockerfile.jvm");
            String image = Repo.text(compose, "image");
            if (image != null) {
                assertThat(imageName(image)).as("%s image name", service.name()).isEqualTo(service.name());
            }
        }
    }

    @Test
    void everyBuiltImageHasItsDockerfile() {
        SERVICES.fields().forEachRemaining(e -> {
            JsonNode build = e.getValue().path("build");
            if (build.isMissingNode()) {
                return;
            }
            String context = build.isTextual() ? build.asText() : Repo.text(build, "context");
            String dockerfile = build.isTextual() ? "Dockerfile" : Repo.text(build, "dockerfile");
            Path file = Repo.ROOT.resolve(context).resolve(dockerfile == null ? "Dockerfile" : dockerfile);
            assertThat(file)
                    .as("the Dockerfile of compose service %s", e.getKey())
                    .isRegularFile();
        });
    }

    @Test
    void dockerfilesRunTheFastJarAsNonRoot() {
        for (QuarkusService service : Repo.services()) {
            Path file = service.dir().resolve("src/main/docker/Dockerfile.jvm");
            assertThat(file).as("Dockerfile of %s", service.name()).isRegularFile();
            String dockerfile = Repo.read(file);
            assertThat(dockerfile)
                    .as("%s Dockerfile", service.name())
                    .contains("FROM eclipse-temurin:17-jre")
                    .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/")
                    .contains("target/quarkus-app/*.jar")
                    .contains("quarkus-run.jar")
                    .contains("EXPOSE " + service.httpPort());
            Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
            String lastUser = null;
            while (user.find()) {
                lastUser = user.group(1);
            }
            assertThat(lastUser)
                    .as("%s Dockerfile ends as a numeric non-root USER", service.name())
                    .isNotNull()
                    .matches("[1-9][0-9]*(:[0-9]+)?");
        }
    }

    @Test
    void everyEnvironmentVariableNamesAKeyTheServiceReads() {
        List<String> problems = new ArrayList<>();
        for (QuarkusService service : Repo.services()) {
            environment(SERVICES.path(service.name())).forEach((env, value) -> {
                if (service.reads(env).isEmpty()) {
                    problems.add(service.name() + ": " + env + " maps to no configuration key it reads (expected key "
                            + env.toLowerCase().replace('_', '.') + ", with dots or dashes)");
                }
            });
        }
        assertThat(problems).as("environment variables nobody reads").isEmpty();
    }

    @Test
    void theGatewayReachesTheServicesItQueriesByTheirComposeNames() {
        Map<String, String> env = environment(SERVICES.path("api-gateway"));
        for (String target : List.of("deployment-service", "rollout-service", "autoscaler-service")) {
            String variable = QuarkusService.envName("tiffin." + target + ".url");
            assertThat(env)
                    .as("api-gateway env")
                    .containsEntry(
                            variable,
                            "http://" + target + ":" + Repo.service(target).httpPort());
        }
        for (QuarkusService service : Repo.services()) {
            if (service.usesKafka()) {
                assertThat(environment(SERVICES.path(service.name())))
                        .as("%s env", service.name())
                        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            }
        }
    }

    @Test
    void portsAndHealthChecksMatchTheHttpPort() {
        for (QuarkusService service : Repo.services()) {
            JsonNode compose = SERVICES.path(service.name());
            int port = service.httpPort();
            List<String> ports = new ArrayList<>();
            compose.path("ports").forEach(p -> ports.add(p.isTextual() ? p.asText() : Repo.text(p, "target")));
            assertThat(ports).as("%s ports", service.name()).isNotEmpty();
            for (String mapping : ports) {
                String container =
                        mapping.substring(mapping.lastIndexOf(':') + 1).replaceAll("/.*", "");
                assertThat(Integer.parseInt(container))
                        .as(
                                "%s container port (%s) vs quarkus.http.port and its data-plane ports",
                                service.name(), mapping)
                        .isIn(service.allPorts());
            }
            assertThat(ports)
                    .as("%s publishes quarkus.http.port", service.name())
                    .anyMatch(m -> m.replaceAll("/.*", "").endsWith(":" + port));
            String healthcheck = compose.path("healthcheck").path("test").toString();
            assertThat(healthcheck)
                    .as("%s healthcheck", service.name())
                    .contains("localhost:" + port + "/q/health/ready");
        }
    }

    @Test
    void dependenciesNameExistingServices() {
        SERVICES.fields().forEachRemaining(e -> {
            JsonNode dependsOn = e.getValue().path("depends_on");
            List<String> names = new ArrayList<>();
            if (dependsOn.isArray()) {
                dependsOn.forEach(d -> names.add(d.asText()));
            } else {
                dependsOn.fieldNames().forEachRemaining(names::add);
            }
            assertThat(names).as("depends_on of %s", e.getKey()).allMatch(SERVICES::has);
        });
    }

    @Test
    void kafkaInitCreatesEveryContractTopic() {
        StringBuilder script = new StringBuilder();
        JsonNode command = SERVICES.path("kafka-init").path("command");
        (command.isArray() ? command : List.of(command))
                .forEach(c -> script.append(c.asText()).append('\n'));
        Map<String, TopicSpec> created = new TreeMap<>();
        Matcher m = CREATE_TOPIC.matcher(script);
        while (m.find()) {
            Map<String, String> configs = new LinkedHashMap<>();
            TOPIC_CONFIG.matcher(m.group(3)).results().forEach(c -> configs.put(c.group(1), c.group(2)));
            created.put(m.group(1), new TopicSpec(m.group(1), Integer.parseInt(m.group(2)), Map.copyOf(configs)));
        }
        Map<String, TopicSpec> expected = new TreeMap<>();
        TopicSpec.all().forEach(t -> expected.put(t.name(), t));
        assertThat(created)
                .as("topics kafka-init creates (contracts TopicSpec.all())")
                .isEqualTo(expected);
        assertThat(Repo.text(SERVICES.path("kafka-init"), "image"))
                .isEqualTo(Repo.text(SERVICES.path("kafka"), "image"));
        assertThat(environment(SERVICES.path("kafka")))
                .as("the broker creates no topic by itself")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    @Test
    void secretsComeFromTheEnvFileAndTheTemplateListsThemAll() {
        Set<String> required = new TreeSet<>();
        SERVICES.fields()
                .forEachRemaining(e -> environment(e.getValue()).forEach((name, value) -> {
                    if (SECRET_NAME.matcher(name).matches()) {
                        assertThat(value)
                                .as("%s of %s comes from .env, never a literal", name, e.getKey())
                                .startsWith("${");
                    }
                }));
        REQUIRED_VARIABLE.matcher(Repo.read(COMPOSE)).results().forEach(r -> required.add(r.group(1)));
        assertThat(required).isNotEmpty();
        Path template = Repo.path("deploy/compose.env.example");
        assertThat(template).isRegularFile();
        Set<String> documented = new TreeSet<>();
        for (String line : Repo.read(template).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                documented.add(line.substring(0, line.indexOf('=')).trim());
                assertThat(line.substring(line.indexOf('=') + 1).trim())
                        .as("the template holds no secret value: %s", line)
                        .matches("|tiffin");
            }
        }
        assertThat(documented).as("variables of deploy/compose.env.example").containsAll(required);
    }

    @Test
    void bindMountsPointAtFilesOfTheRepository() {
        SERVICES.fields()
                .forEachRemaining(e -> e.getValue().path("volumes").forEach(v -> {
                    String volume = v.isTextual() ? v.asText() : Repo.text(v, "source");
                    if (volume != null && volume.startsWith("./")) {
                        String source =
                                volume.substring(0, volume.indexOf(':') < 0 ? volume.length() : volume.indexOf(':'));
                        assertThat(Repo.ROOT.resolve(source))
                                .as("bind mount of %s", e.getKey())
                                .exists();
                    }
                }));
    }

    /** A compose service's environment, as a map or as a list of NAME=value. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            environment.forEach(e -> {
                String s = e.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            environment
                    .fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    /** {@code registry/tiffin/api-gateway:1.0} → {@code api-gateway}. */
    static String imageName(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String last = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        return last.contains(":") ? last.substring(0, last.indexOf(':')) : last;
    }
}
