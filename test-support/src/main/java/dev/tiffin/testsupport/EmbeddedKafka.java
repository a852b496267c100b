package dev.tiffin.testsupport;

import dev.tiffin.contracts.events.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one node) running inside the test JVM, with every
 * topic of {@link TopicSpec#all()} created.
 *
 * <p>One broker per JVM: {@link #bootstrapServers()} starts it on first use and a shutdown hook stops it and deletes its
 * log directory. When the system property {@value #EXTERNAL_PROPERTY} (or the environment variable {@value
 * #EXTERNAL_ENV}) names a bootstrap address that accepts connections, that broker is used instead and nothing is
 * started.
 */
public final class EmbeddedKafka {

    /** System property naming an already running broker to use instead of the embedded one. */
    public static final String EXTERNAL_PROPERTY = "tiffin.test.kafka";
    /** Environment variable naming an already running broker to use instead of the embedded one. */
    public static final String EXTERNAL_ENV = "TIFFIN_TEST_KAFKA";
    /**
     * System property this class sets to the embedded broker's address. Quarkus may load this class again in another
     * class loader (one per test application); the property lets that copy find the broker of this JVM.
     */
    static final String RUNNING_PROPERTY = "tiffin.test.kafka.embedded";

    /**
     * System property choosing where the broker comes from: {@code embedded} (default) or {@code testcontainers}, a
     * Kafka container for machines with Docker (Maven profile {@code -Ptestcontainers}; never required).
     */
    public static final String PROVIDER_PROPERTY = "tiffin.test.kafka.provider";

    /** Default partition count of auto-created topics. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static final Logger LOGGER = Logger.getLogger(EmbeddedKafka.class.getName());
    /** Strong references: java.util.logging keeps loggers weakly, a collected logger would forget its level. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private static EmbeddedKafka instance;

    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final Path logDir;

    private EmbeddedKafka(String bootstrapServers, KafkaRaftServer server, Path logDir) {
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.logDir = logDir;
    }

    /**
     * The bootstrap address of this JVM's broker, starting it (and creating the Tiffin topics) on the first call.
     */
    public static synchronized String bootstrapServers() {
        if (instance == null) {
            instance = startOrConnect();
        }
        return instance.bootstrapServers;
    }

    /** Whether the broker in use was started by this JVM (false when an external broker is used). */
    public static synchronized boolean isEmbedded() {
        return instance != null && instance.server != null;
    }

    private static EmbeddedKafka startOrConnect() {
        String external = firstNonBlank(System.getProperty(EXTERNAL_PROPERTY), System.getenv(EXTERNAL_ENV));
        if (external != null) {
            if (accepts(external)) {
                LOGGER.info(() -> "using the Kafka broker at " + external + " (" + EXTERNAL_PROPERTY + ")");
                createTopics(external);
                return new EmbeddedKafka(external, null, null);
            }
            LOGGER.warning(() -> EXTERNAL_PROPERTY + "=" + external
                    + " does not accept connections; starting an embedded broker instead");
        }
        if ("testcontainers".equals(System.getProperty(PROVIDER_PROPERTY))) {
            String address = TestcontainersKafka.start();
            System.setProperty(RUNNING_PROPERTY, address);
            createTopics(address);
            return new EmbeddedKafka(address, null, null);
        }
        String running = System.getProperty(RUNNING_PROPERTY);
        if (running != null && accepts(running)) {
            // started by a copy of this class in another class loader of the same JVM
            return new EmbeddedKafka(running, null, null);
        }
        EmbeddedKafka started = start();
        System.setProperty(RUNNING_PROPERTY, started.bootstrapServers);
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "tiffin-embedded-kafka-stop"));
        createTopics(started.bootstrapServers);
        return started;
    }

    private static EmbeddedKafka start() {
        quietKafkaLogging();
        trapKafkaExit();
        Path dir;
        try {
            dir = Files.createTempDirectory("tiffin-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] ports = freePorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        String bootstrap = "127.0.0.1:" + brokerPort;
        Properties props = brokerProperties(dir.resolve("data"), brokerPort, controllerPort);
        try {
            Path cfg = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(cfg)) {
                props.store(out, "Tiffin embedded test broker");
            }
            ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(formatOutput, true, StandardCharsets.UTF_8)) {
                rc = kafka.tools.StorageTool.execute(
                        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString()}, ps);
            }
            if (rc != 0) {
                throw new IllegalStateException("formatting the Kafka log directory failed (rc=" + rc + "): "
                        + formatOutput.toString(StandardCharsets.UTF_8));
            }
            long t0 = System.nanoTime();
            KafkaRaftServer server = newServer(props);
            server.startup();
            awaitAccepting(bootstrap, Duration.ofSeconds(30));
            LOGGER.info(() -> String.format(
                    "embedded Kafka broker started on %s in %d ms",
                    bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
            return new EmbeddedKafka(bootstrap, server, dir);
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            deleteRecursively(dir);
            throw new IllegalStateException("creating the embedded Kafka broker failed", e);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /**
     * {@code new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM)}, by reflection: {@code KafkaConfig}
     * extends a class of {@code kafka-server}, a runtime-only dependency that the Quarkus BOM does not manage, so the
     * compiler cannot see it without pinning a Kafka version here.
     */
    private static KafkaRaftServer newServer(Properties props) throws ReflectiveOperationException {
        Class<?> configClass = Class.forName("kafka.server.KafkaConfig", true, KafkaRaftServer.class.getClassLoader());
        Object config = configClass
                .getMethod("fromProps", Properties.class, boolean.class)
                .invoke(null, props, false);
        try {
            return KafkaRaftServer.class.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("metrics.jmx.exclude", ".*");
        return p;
    }

    /** Creates every topic of {@link TopicSpec#all()} that does not exist yet. */
    public static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TopicSpec.all().stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("creating topic " + entry.getKey() + " failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Tiffin topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating the Tiffin topics on " + bootstrapServers + " failed", e);
        }
    }

    private void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "stopping the embedded Kafka broker failed", e);
        } finally {
            deleteRecursively(logDir);
        }
    }

    /** Kafka calls Exit on fatal errors; without this trap a broker failure would end the test JVM. */
    private static void trapKafkaExit() {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("the embedded Kafka broker tried to exit the JVM with status " + status
                    + (message == null ? "" : ": " + message));
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("the embedded Kafka broker tried to halt the JVM with status " + status
                    + (message == null ? "" : ": " + message));
        });
    }

    /** The broker logs ~900 INFO lines per start; keep warnings and errors only. */
    private static void quietKafkaLogging() {
        for (String category : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.apache.kafka.raft")) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }

    private static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Whether a TCP connection to the first address of a bootstrap list succeeds within a second. */
    static boolean accepts(String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1))),
                    1000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void awaitAccepting(String bootstrap, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!accepts(bootstrap)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded Kafka broker did not accept connections on " + bootstrap
                        + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp dir left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
