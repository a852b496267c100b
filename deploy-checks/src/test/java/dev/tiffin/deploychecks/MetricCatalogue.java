package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * docs/metrics.md, read back: one entry per metric (its section = the service that exports it, type, status), and the
 * Prometheus series each entry stands for. Also the meters the services declare in their code.
 */
final class MetricCatalogue {

    static final Path FILE = Repo.path("docs/metrics.md");
    static final Set<String> STATUSES = Set.of("exported", "planned", "quarkus", "kafka", "prometheus");

    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|\\s*$");
    private static final Pattern SECTION = Pattern.compile("^##\\s+(.+?)\\s*$");

    /** One row of the catalogue. */
    record Entry(String section, String name, String type, String labels, String meaning, String status) {

        /** The series Prometheus shows for it. */
        List<String> series() {
            if (type.startsWith("timer") || type.startsWith("summary")) {
                List<String> s = new ArrayList<>(List.of(name + "_count", name + "_sum", name + "_max"));
                if (type.contains("histogram")) {
                    s.add(name + "_bucket");
                }
                return s;
            }
            return List.of(name);
        }
    }

    /**
     * The labels a catalogued metric may have: each takes a bounded set of values (a name an operator gave, an enum of
     * the code, a topic, a status code, a Quarkus route template, a memory pool, a Kafka client of a channel). Never a
     * request id, a user, a token, a path or a pod name (docs/metrics.md, ADR 0015).
     */
    static final Set<String> BOUNDED_LABELS = Set.of(
            // what a deployment is: registered clusters, namespaces, deployment and component names
            "cluster",
            "namespace",
            "deployment",
            "component",
            // enums and small fixed sets of the code
            "status",
            "code",
            "reason",
            "metric",
            "action",
            "outcome",
            "type",
            "to",
            "strategy",
            "kind",
            "verb",
            "direction",
            "limited_by",
            "version",
            "topic",
            // Quarkus/Micrometer (uri is the route template, not the path) and the Kafka clients
            "method",
            "uri",
            "area",
            "id",
            "cause",
            "gc",
            "client_id",
            "partition",
            // added by Prometheus
            "job",
            "instance");

    private MetricCatalogue() {}

    /** The labels of an entry, as the catalogue lists them. */
    static List<String> labels(Entry entry) {
        return Stream.of(entry.labels().split(","))
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    /** The name a service's metrics carry after {@code tiffin_}: api-gateway → gateway, x-service → x. */
    static String shortName(String service) {
        return service.equals("api-gateway") ? "gateway" : service.replaceFirst("-service$", "");
    }

    /** {@code tiffin_<short name>_}: the prefix of every metric the service exports. */
    static String prefix(String service) {
        return "tiffin_" + shortName(service) + "_";
    }

    /** The one class that registers a service's meters: {@code GatewayMetrics}, {@code DeploymentMetrics}, ... */
    static String metricsClass(String service) {
        String name = shortName(service);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Metrics";
    }

    /**
     * A meter builder, a call registering a meter on a registry (or on Micrometer's global one), or a
     * {@code MeterBinder}.
     */
    private static final Pattern REGISTRATION = Pattern.compile(
            "\\b(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\s*\\.\\s*builder\\s*\\("
                    + "|\\b\\w*[rR]egistry(?:\\(\\))?\\s*\\.\\s*"
                    + "(?:counter|timer|gauge|summary|gaugeCollectionSize|gaugeMapSize|more\\(\\))\\s*[.(]"
                    + "|\\bMetrics\\s*\\.\\s*(?:counter|timer|gauge|summary|globalRegistry)\\b"
                    + "|\\bimplements\\s+[^{]*\\bMeterBinder\\b");

    /** Where a service's main sources register a meter. */
    record Registration(String service, Path file, int line) {

        @Override
        public String toString() {
            return service + ": " + Repo.ROOT.relativize(file) + ":" + line;
        }
    }

    /** The (1-based) lines of {@code code} where a meter is registered. */
    static List<Integer> registrationLines(String code) {
        List<Integer> lines = new ArrayList<>();
        Matcher m = REGISTRATION.matcher(code);
        while (m.find()) {
            int line = 1
                    + (int) code.substring(0, m.start())
                            .chars()
                            .filter(c -> c == '\n')
                            .count();
            if (lines.isEmpty() || lines.get(lines.size() - 1) != line) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Every place the services' main sources register a meter. */
    static List<Registration> registrations() {
        List<Registration> found = new ArrayList<>();
        for (QuarkusService service : Repo.services()) {
            Path sources = service.dir().resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    registrationLines(Repo.read(file))
                            .forEach(line -> found.add(new Registration(service.name(), file, line)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        String section = "";
        for (String line : Repo.read(FILE).split("\n")) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                section = s.group(1);
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                entries.add(new Entry(
                        section,
                        m.group(1),
                        m.group(2).trim(),
                        m.group(3).trim(),
                        m.group(4).trim(),
                        m.group(5).trim()));
            }
        }
        assertThat(entries).as("metrics listed in docs/metrics.md").isNotEmpty();
        return entries;
    }

    /** Series name → its catalogue entry. */
    static Map<String, Entry> seriesIndex() {
        Map<String, Entry> index = new TreeMap<>();
        for (Entry e : entries()) {
            for (String s : e.series()) {
                index.put(s, e);
            }
        }
        return index;
    }

    /** {@code Counter.builder("tiffin.x")}, {@code Timer.builder(NAME)}, {@code registry.counter("tiffin.x", ...)}. */
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\s*\\.\\s*builder\\(\\s*(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_.]*)");

    private static final Pattern REGISTRY_CALL = Pattern.compile(
            "\\.(counter|timer|gauge|summary|gaugeCollectionSize|gaugeMapSize)\\(\\s*(\"[a-z][^\"]*\"|[A-Z_][A-Z0-9_]*)\\s*[,)]");

    private static final Pattern CONSTANT = Pattern.compile("\\b([A-Z_][A-Z0-9_]*)\\s*=\\s*\"(tiffin[._][^\"]*)\"");

    /**
     * A meter a service declares: its service, Micrometer type ({@code Unknown} for a name constant of a
     * {@code *Metrics} class whose builder we cannot see), Prometheus base name, and the file.
     */
    record Meter(String service, String type, String name, Path file) {

        /** The series Prometheus shows (timers: count, sum, max and bucket; we cannot tell a histogram apart). */
        List<String> series() {
            return switch (type) {
                case "Counter", "FunctionCounter" -> List.of(name.endsWith("_total") ? name : name + "_total");
                case "Gauge", "TimeGauge", "Unknown" -> List.of(name);
                case "Timer", "LongTaskTimer", "FunctionTimer" ->
                    List.of(
                            name + "_seconds_count",
                            name + "_seconds_sum",
                            name + "_seconds_max",
                            name + "_seconds_bucket");
                default -> List.of(name + "_count", name + "_sum", name + "_max", name + "_bucket");
            };
        }
    }

    /** Every {@code tiffin} meter the services' main sources declare. */
    static List<Meter> declaredMeters() {
        return everyDeclaredMeter().stream()
                .filter(m -> m.name().startsWith("tiffin"))
                .toList();
    }

    /**
     * Every meter the services' main sources declare, whatever its name; a name the scan cannot resolve (neither a
     * literal nor a constant of the file) is kept as {@code ?<expression>}.
     */
    static List<Meter> everyDeclaredMeter() {
        List<Meter> meters = new ArrayList<>();
        for (QuarkusService service : Repo.services()) {
            Path sources = service.dir().resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = Repo.read(file);
                    Map<String, String> constants = new TreeMap<>();
                    CONSTANT.matcher(code).results().forEach(r -> constants.put(r.group(1), r.group(2)));
                    Matcher b = BUILDER.matcher(code);
                    while (b.find()) {
                        String name = resolve(b.group(2), constants);
                        meters.add(new Meter(
                                service.name(),
                                b.group(1),
                                name == null ? "?" + b.group(2) : prometheusName(name),
                                file));
                    }
                    // a name constant of a *Metrics class that no builder above resolved (passed on as a parameter)
                    if (file.getFileName().toString().endsWith("Metrics.java")) {
                        for (String name : constants.values()) {
                            String base = prometheusName(name);
                            if (meters.stream()
                                    .noneMatch(m ->
                                            m.file().equals(file) && m.name().equals(base))) {
                                meters.add(new Meter(service.name(), "Unknown", base, file));
                            }
                        }
                    }
                    Matcher r = REGISTRY_CALL.matcher(code);
                    while (r.find()) {
                        String name = resolve(r.group(2), constants);
                        if (name != null) {
                            String type = switch (r.group(1)) {
                                case "counter" -> "Counter";
                                case "timer" -> "Timer";
                                case "summary" -> "DistributionSummary";
                                default -> "Gauge";
                            };
                            meters.add(new Meter(service.name(), type, prometheusName(name), file));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return meters;
    }

    private static String resolve(String token, Map<String, String> constants) {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1);
        }
        String simple = token.substring(token.lastIndexOf('.') + 1);
        return constants.get(simple);
    }

    static String prometheusName(String micrometerName) {
        return micrometerName.replace('.', '_').replace('-', '_');
    }

    /** Every series the services' code declares. */
    static Set<String> declaredSeries() {
        Set<String> series = new TreeSet<>();
        declaredMeters().forEach(m -> series.addAll(m.series()));
        return series;
    }
}
