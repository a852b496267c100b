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

    static final String LOCAL_CLUSTER = "local-cluster";
    static final Path LOCAL_CLUSTER_SOURCE =
            Repo.path(LOCAL_CLUSTER + "/src/main/java/dev/tiffin/localcluster/LocalCluster.java");

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
            String host = networkHost(service.name());
            List<String> ports;
            if (host.equals(service.name())) {
                ports = ports(compose);
                for (String mapping : ports) {
                    assertThat(containerPort(mapping))
                            .as(
                                    "%s container port (%s) vs quarkus.http.port and its data-plane ports",
                                    service.name(), mapping)
                            .isIn(service.allPorts());
                }
            } else {
                // in another service's network namespace: that service publishes the ports (compose allows no
                // `ports` here)
                assertThat(compose.has("ports"))
                        .as("%s shares the network of %s, which publishes its ports", service.name(), host)
                        .isFalse();
                ports = ports(SERVICES.path(host)).stream()
                        .filter(m -> service.allPorts().contains(containerPort(m)))
                        .toList();
            }
            assertThat(ports).as("%s ports", service.name()).isNotEmpty();
            assertThat(ports)
                    .as("%s publishes quarkus.http.port", service.name())
                    .anyMatch(m -> containerPort(m) == port);
            String healthcheck = compose.path("healthcheck").path("test").toString();
            assertThat(healthcheck)
                    .as("%s healthcheck", service.name())
                    .contains("localhost:" + port + "/q/health/ready");
        }
    }

    @Test
    void everyPublishedPortIsDocumented() {
        Map<String, Set<Integer>> documented = documentedPorts();
        assertThat(documented).as("the compose table of docs/operations.md").isNotEmpty();
        assertThat(documented.keySet())
                .as("services in the compose table of docs/operations.md")
                .allMatch(SERVICES::has);
        Set<Integer> published = new TreeSet<>();
        SERVICES.fields().forEachRemaining(e -> ports(e.getValue()).forEach(m -> published.add(hostPort(m))));
        Set<Integer> listed = new TreeSet<>();
        documented.values().forEach(listed::addAll);
        assertThat(listed)
                .as("host ports of the compose table of docs/operations.md vs docker-compose.yml")
                .isEqualTo(published);
        SERVICES.fields().forEachRemaining(e -> {
            if (!ports(e.getValue()).isEmpty()) {
                assertThat(documented)
                        .as("a row for %s in the compose table", e.getKey())
                        .containsKey(e.getKey());
            }
        });
    }

    @Test
    void theLocalClusterImageRunsTheModulesExecutableJar() {
        JsonNode compose = SERVICES.path(LOCAL_CLUSTER);
        assertThat(compose.isObject())
                .as("docker-compose.yml has a service %s", LOCAL_CLUSTER)
                .isTrue();
        assertThat(Repo.text(compose.path("build"), "context")).isIn("./" + LOCAL_CLUSTER, LOCAL_CLUSTER);
        String dockerfilePath = Repo.text(compose.path("build"), "dockerfile");
        assertThat(dockerfilePath).isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(imageName(Repo.text(compose, "image"))).isEqualTo(LOCAL_CLUSTER);

        String pom = Repo.read(Repo.path(LOCAL_CLUSTER + "/pom.xml"));
        Matcher jar = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>")
                .matcher(pom);
        assertThat(jar.find())
                .as("local-cluster/pom.xml shades an executable jar")
                .isTrue();
        Matcher mainClass = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(pom);
        assertThat(mainClass.find())
                .as("local-cluster/pom.xml names the jar's main class")
                .isTrue();
        Path main =
                Repo.path(LOCAL_CLUSTER + "/src/main/java/" + mainClass.group(1).replace('.', '/') + ".java");
        assertThat(Repo.read(main)).as("%s", main).contains("public static void main(String[] args)");

        String dockerfile = Repo.read(Repo.path(LOCAL_CLUSTER).resolve(dockerfilePath));
        assertThat(dockerfile)
                .contains("FROM eclipse-temurin:17-jre")
                .contains("COPY --chown=185:185 target/" + jar.group(1) + " ")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/" + jar.group(1) + "\"]");
        assertThat(lastUser(dockerfile))
                .as(
                        "the local-cluster Dockerfile ends as the services' numeric non-root USER (they read its kubeconfig)")
                .isEqualTo("185:185");
        Map<String, String> options = localClusterOptions();
        assertThat(dockerfile)
                .as("the local-cluster Dockerfile exposes the ports compose starts it with")
                .containsPattern("(?m)^EXPOSE .*\\b" + options.get("--api-port") + "\\b")
                .containsPattern("(?m)^EXPOSE .*\\b" + options.get("--metrics-port") + "\\b");
        String kubeconfigDir = Path.of(options.get("--kubeconfig")).getParent().toString();
        assertThat(dockerfile)
                .as("the image creates the kubeconfig's directory for the non-root user (a new volume copies it)")
                .contains("mkdir -p " + kubeconfigDir)
                .contains("chown 185:185 " + kubeconfigDir);
    }

    @Test
    void theLocalClusterIsStartedWithOptionsItUnderstands() {
        JsonNode compose = SERVICES.path(LOCAL_CLUSTER);
        Set<String> known = new TreeSet<>();
        Matcher m = Pattern.compile("case \"(--[a-z-]+)\" ->").matcher(Repo.read(LOCAL_CLUSTER_SOURCE));
        while (m.find()) {
            known.add(m.group(1));
        }
        assertThat(known).as("options LocalCluster.parse understands").contains("--host", "--kubeconfig");
        Map<String, String> options = localClusterOptions();
        assertThat(options.keySet()).as("local-cluster command options").isSubsetOf(known);
        assertThat(options).containsKeys("--host", "--api-port", "--metrics-port", "--kubeconfig");
        // the kubeconfig names http://<--host>:<port>: a name every other container resolves to this one
        assertThat(options.get("--host"))
                .as("local-cluster --host: its compose name, also its hostname (so it resolves inside it too)")
                .isEqualTo(LOCAL_CLUSTER)
                .isEqualTo(Repo.text(compose, "hostname"));
        assertThat(ports(compose))
                .as("local-cluster publishes its API and metrics ports")
                .anyMatch(p -> containerPort(p) == Integer.parseInt(options.get("--api-port")))
                .anyMatch(p -> containerPort(p) == Integer.parseInt(options.get("--metrics-port")));
        assertThat(compose.path("healthcheck").path("test").toString())
                .as("local-cluster healthcheck: its metrics endpoint, which starts last")
                .contains("http://" + LOCAL_CLUSTER + ":" + options.get("--metrics-port") + "/metrics");
        // its configuration is its command line; the JVM's options are the only environment it reads
        assertThat(environment(compose).keySet()).isSubsetOf("JAVA_TOOL_OPTIONS");
    }

    @Test
    void theServicesThatReachAClusterReadTheLocalClustersKubeconfig() {
        Path kubeconfig = Path.of(localClusterOptions().get("--kubeconfig"));
        String dir = kubeconfig.getParent().toString();
        String volume = volumeMountedAt(SERVICES.path(LOCAL_CLUSTER), dir);
        assertThat(volume)
                .as("local-cluster writes its kubeconfig (%s) to a named volume", kubeconfig)
                .isNotNull()
                .doesNotStartWith(".");
        assertThat(Repo.yaml(COMPOSE).path("volumes").has(volume))
                .as("volume %s is declared", volume)
                .isTrue();
        List<String> readers = Repo.services().stream()
                .filter(s -> s.keys().contains("tiffin.kubeconfig"))
                .map(QuarkusService::name)
                .toList();
        assertThat(readers)
                .as("services whose code reads tiffin.kubeconfig")
                .contains("rollout-service", "autoscaler-service", "traffic-service");
        for (String reader : readers) {
            JsonNode service = SERVICES.path(reader);
            assertThat(environment(service))
                    .as("%s env", reader)
                    .containsEntry(QuarkusService.envName("tiffin.kubeconfig"), kubeconfig.toString());
            assertThat(volumeMountedAt(service, dir))
                    .as("%s mounts the kubeconfig volume at %s", reader, dir)
                    .isEqualTo(volume);
            assertThat(service.path("volumes").toString())
                    .as("%s mounts it read-only", reader)
                    .contains(volume + ":" + dir + ":ro");
            assertThat(Repo.text(service.path("depends_on").path(LOCAL_CLUSTER), "condition"))
                    .as("%s starts once the local cluster is healthy (its kubeconfig written)", reader)
                    .isEqualTo("service_healthy");
        }
    }

    @Test
    void theTrafficServiceSharesTheLocalClustersNetworkToReachItsPods() {
        // the simulated pods listen on the local cluster's loopback, and their Endpoints say so
        assertThat(Repo.read(Repo.path(LOCAL_CLUSTER + "/src/main/java/dev/tiffin/localcluster/KubeletSimulator.java")))
                .contains("POD_IP = \"127.0.0.1\"");
        assertThat(Repo.text(SERVICES.path("traffic-service"), "network_mode")).isEqualTo("service:" + LOCAL_CLUSTER);
        QuarkusService traffic = Repo.service("traffic-service");
        List<Integer> published = ports(SERVICES.path(LOCAL_CLUSTER)).stream()
                .map(ComposeTest::containerPort)
                .toList();
        assertThat(published)
                .as("local-cluster publishes the traffic-service's HTTP port and data plane")
                .contains(traffic.httpPort(), traffic.dataPorts().get("tiffin.traffic.port"))
                .doesNotContain(traffic.dataPorts().get("tiffin.traffic.internal-port"));
        Map<String, String> options = localClusterOptions();
        Set<Integer> allowed = new TreeSet<>(traffic.allPorts());
        allowed.add(Integer.parseInt(options.get("--api-port")));
        allowed.add(Integer.parseInt(options.get("--metrics-port")));
        assertThat(published)
                .as("local-cluster publishes its own and the traffic-service's ports only")
                .allMatch(allowed::contains);
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

    /** The local cluster's options on its compose command line ({@code --name value} pairs). */
    static Map<String, String> localClusterOptions() {
        JsonNode command = SERVICES.path(LOCAL_CLUSTER).path("command");
        List<String> args = new ArrayList<>();
        if (command.isArray()) {
            command.forEach(a -> args.add(a.asText()));
        } else if (command.isTextual()) {
            args.addAll(List.of(command.asText().trim().split("\\s+")));
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            assertThat(args.get(i))
                    .as("local-cluster command: an option, then its value")
                    .startsWith("--");
            assertThat(i + 1)
                    .as("local-cluster command: a value for %s", args.get(i))
                    .isLessThan(args.size());
            options.put(args.get(i), args.get(++i));
        }
        return options;
    }

    /** The named volume (or bind source) a compose service mounts at {@code target}, or null. */
    static String volumeMountedAt(JsonNode service, String target) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return parts[0];
            }
        }
        return null;
    }

    static String lastUser(String dockerfile) {
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        return last;
    }

    /**
     * The host a compose service is reached at inside the network: its own name, or, with {@code network_mode:
     * service:X}, X's (it has no address of its own).
     */
    static String networkHost(String service) {
        String mode = Repo.text(SERVICES.path(service), "network_mode");
        return mode != null && mode.startsWith("service:") ? mode.substring("service:".length()) : service;
    }

    /** A compose service's port mappings, as written ({@code "8080:8080"}, or the long syntax's target). */
    static List<String> ports(JsonNode service) {
        List<String> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(p.isTextual() ? p.asText() : Repo.text(p, "target")));
        return ports;
    }

    /** {@code "9092:19092"} → 19092. */
    static int containerPort(String mapping) {
        return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).replaceAll("/.*", ""));
    }

    /** {@code "9092:19092"} → 9092 ({@code "127.0.0.1:9092:19092"} too); a lone port is published as itself. */
    static int hostPort(String mapping) {
        String[] parts = mapping.replaceAll("/.*", "").split(":");
        return Integer.parseInt(parts.length == 1 ? parts[0] : parts[parts.length - 2]);
    }

    /** The compose table of docs/operations.md ("| service | host port | notes |"): service → host ports. */
    static Map<String, Set<Integer>> documentedPorts() {
        Map<String, Set<Integer>> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : Repo.read(Repo.path("docs/operations.md")).split("\n")) {
            if (line.startsWith("| service | host port |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (inTable && cells.length >= 3 && !cells[1].trim().startsWith("---")) {
                Set<Integer> ports = new TreeSet<>();
                Matcher m = Pattern.compile("\\b(\\d{2,5})\\b").matcher(cells[2]);
                while (m.find()) {
                    ports.add(Integer.parseInt(m.group(1)));
                }
                rows.put(cells[1].trim(), ports);
            }
        }
        return rows;
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
