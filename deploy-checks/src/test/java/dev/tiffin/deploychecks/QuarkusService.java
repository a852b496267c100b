package dev.tiffin.deploychecks;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Tiffin service as its sources describe it: the configuration keys it reads (application.properties and the
 * {@code @ConfigProperty}/{@code @ConfigMapping} names of its Java sources), its HTTP port and metrics path.
 */
record QuarkusService(
        String name,
        Path dir,
        Properties properties,
        Set<String> keys,
        Set<String> expressionEnvNames,
        Set<String> mappingPrefixes,
        boolean usesKafka) {

    private static final Pattern CONFIG_PROPERTY =
            Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING =
            Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    /** {@code ${name} or ${name:default}}: a key (or an environment variable) the value reads. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)");

    /**
     * Quarkus configuration groups every service has, whether or not its application.properties mentions them. Any
     * other {@code QUARKUS_<GROUP>_...} variable must belong to a group the service configures (a datasource variable
     * for a service without a datasource is refused).
     */
    private static final Set<String> CORE_QUARKUS_GROUPS = Set.of("HTTP", "LOG", "PROFILE", "SHUTDOWN");

    static QuarkusService load(String name, Path dir) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(Repo.read(dir.resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new TreeSet<>();
        Set<String> expressionEnvNames = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            keys.add(withoutProfile(key));
            Matcher m = EXPRESSION.matcher(props.getProperty(key));
            while (m.find()) {
                String referenced = m.group(1).trim();
                keys.add(referenced);
                expressionEnvNames.add(referenced);
            }
        }
        Set<String> prefixes = new TreeSet<>();
        Path sources = dir.resolve("src/main/java");
        if (Files.isDirectory(sources)) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    String code = Repo.read(f);
                    CONFIG_PROPERTY.matcher(code).results().forEach(r -> keys.add(r.group(1)));
                    CONFIG_MAPPING.matcher(code).results().forEach(r -> prefixes.add(r.group(1)));
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        boolean kafka = Repo.read(dir.resolve("pom.xml")).contains("<artifactId>quarkus-messaging-kafka</artifactId>");
        return new QuarkusService(name, dir, props, keys, expressionEnvNames, prefixes, kafka);
    }

    private static String withoutProfile(String key) {
        return key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key;
    }

    /**
     * The environment variable MicroProfile Config maps to a key: every character that is not a letter or digit
     * becomes {@code _}, then upper case ({@code tiffin.deployment-service.url} → {@code TIFFIN_DEPLOYMENT_SERVICE_URL}).
     */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    int httpPort() {
        String port = properties.getProperty("quarkus.http.port");
        if (port == null) {
            throw new AssertionError(name + " sets no quarkus.http.port in its application.properties");
        }
        return Integer.parseInt(port.trim());
    }

    /**
     * Listeners besides the Quarkus HTTP port: {@code tiffin.<service>.port} and {@code tiffin.<service>.internal-port}
     * in application.properties (the traffic-service's data plane), by key.
     */
    java.util.Map<String, Integer> dataPorts() {
        java.util.Map<String, Integer> ports = new java.util.TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.matches("tiffin\\.[a-z-]+\\.(port|internal-port)")) {
                ports.put(key, Integer.parseInt(properties.getProperty(key).trim()));
            }
        }
        return ports;
    }

    /** The HTTP port and the data-plane ports. */
    Set<Integer> allPorts() {
        Set<Integer> ports = new TreeSet<>(dataPorts().values());
        ports.add(httpPort());
        return ports;
    }

    String metricsPath() {
        return properties.getProperty("quarkus.micrometer.export.prometheus.path", "/q/metrics");
    }

    /**
     * Why this service reads the environment variable {@code env}, or empty when it does not: the name of the key it
     * maps to (with dots or dashes), an {@code ${ENV}} expression, a {@code @ConfigMapping} prefix, a Quarkus group
     * the service configures, or Kafka client settings ({@code kafka.*}, read by the SmallRye Kafka connector as the
     * default of every channel and by the Kafka health check) for a service with the Kafka extension.
     */
    Optional<String> reads(String env) {
        for (String key : keys) {
            if (env.equals(key) || env.equals(envName(key))) {
                return Optional.of(key);
            }
        }
        if (expressionEnvNames.contains(env)) {
            return Optional.of("${" + env + "}");
        }
        for (String prefix : mappingPrefixes) {
            if (env.startsWith(envName(prefix) + "_")) {
                return Optional.of("@ConfigMapping(prefix = \"" + prefix + "\")");
            }
        }
        if (env.startsWith("QUARKUS_")) {
            String rest = env.substring("QUARKUS_".length());
            String group = rest.contains("_") ? rest.substring(0, rest.indexOf('_')) : rest;
            if (CORE_QUARKUS_GROUPS.contains(group)) {
                return Optional.of("quarkus." + group.toLowerCase(Locale.ROOT) + ".*");
            }
            for (String key : keys) {
                if (envName(key).startsWith("QUARKUS_" + group + "_")) {
                    return Optional.of("quarkus." + group.toLowerCase(Locale.ROOT) + ".* (configured: " + key + ")");
                }
            }
        }
        if (env.startsWith("KAFKA_") && usesKafka) {
            return Optional.of("kafka.* (quarkus-messaging-kafka)");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
