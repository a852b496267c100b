package dev.tiffin.localcluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local simulated cluster: fabric8's mock API server in CRUD mode on plain HTTP, a kubeconfig pointing at it, the
 * {@link KubeletSimulator} (using a normal fabric8 client built from that kubeconfig) and its {@link MetricsEndpoint}.
 */
public final class LocalCluster implements AutoCloseable {

    /**
     * @param host address the API server and the metrics endpoint listen on
     * @param apiPort API server port, 0 = a free one (the kubeconfig names it)
     * @param metricsPort metrics port, 0 = a free one (9400 is the DCGM exporter's)
     * @param kubeconfig where the kubeconfig is written
     * @param behaviourFile optional JSON behaviour file ({@link BehaviourConfig})
     * @param behaviour the behaviour of Bentos the configuration does not name
     * @param gracePeriod how long a terminating pod lingers before it is deleted
     */
    public record Options(
            String host,
            int apiPort,
            int metricsPort,
            Path kubeconfig,
            Path behaviourFile,
            BentoBehaviour behaviour,
            Duration gracePeriod) {

        public static Options defaults() {
            return new Options(
                    "127.0.0.1",
                    0,
                    9400,
                    Path.of(".tiffin", "kubeconfig"),
                    null,
                    BentoBehaviour.DEFAULT,
                    Duration.ofMillis(500));
        }
    }

    /**
     * The mock web server logs every request at INFO through java.util.logging; kept at WARNING unless
     * {@code -Dtiffin.local-cluster.log-requests=true}. A strong reference, or the level would be garbage collected.
     */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KubeletSimulator simulator;
    private final MetricsEndpoint metrics;
    private final String apiUrl;
    private final Path kubeconfig;

    private LocalCluster(Options options) {
        if (!Boolean.getBoolean("tiffin.local-cluster.log-requests")) {
            MOCK_SERVER_LOG.setLevel(Level.WARNING);
        }
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        try {
            server.init(InetAddress.getByName(options.host()), options.apiPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + options.host(), e);
        }
        apiUrl = "http://" + options.host() + ":" + server.getPort();
        kubeconfig = options.kubeconfig();
        Kubeconfig.write(kubeconfig, apiUrl);
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Kubeconfig.CONTEXT, kubeconfig.toFile()))
                .build();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(Kubeconfig.NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        simulator = new KubeletSimulator(
                        client, BehaviourConfig.of(options.behaviour(), options.behaviourFile()), options.gracePeriod())
                .start();
        metrics = new MetricsEndpoint(simulator, options.host(), options.metricsPort());
    }

    public static LocalCluster start(Options options) {
        return new LocalCluster(options);
    }

    public String apiUrl() {
        return apiUrl;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public int metricsPort() {
        return metrics.port();
    }

    public KubeletSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        metrics.close();
        simulator.close();
        client.close();
        server.destroy();
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        LocalCluster cluster = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }));
        System.out.println("tiffin local cluster: api " + cluster.apiUrl() + ", kubeconfig " + cluster.kubeconfig()
                + " (context " + Kubeconfig.CONTEXT + "), metrics http://" + options.host() + ":"
                + cluster.metricsPort() + "/metrics");
        stopped.await();
    }

    static final String USAGE =
            "usage: LocalCluster [--kubeconfig PATH] [--host ADDR] [--api-port N] [--metrics-port N]"
                    + " [--behaviour FILE.json] [--startup-delay-ms N] [--latency-ms N] [--grace-ms N]";

    static Options parse(String[] args) {
        Options o = Options.defaults();
        BentoBehaviour defaults = o.behaviour();
        Path kubeconfig = o.kubeconfig();
        Path behaviour = null;
        String host = o.host();
        int apiPort = o.apiPort();
        int metricsPort = o.metricsPort();
        Duration grace = o.gracePeriod();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--kubeconfig" -> kubeconfig = Path.of(value);
                case "--host" -> host = value;
                case "--api-port" -> apiPort = Integer.parseInt(value);
                case "--metrics-port" -> metricsPort = Integer.parseInt(value);
                case "--behaviour" -> behaviour = Path.of(value);
                case "--startup-delay-ms" -> defaults = defaults.withStartupDelayMs(Long.parseLong(value));
                case "--latency-ms" -> defaults = defaults.withLatencyMs(Long.parseLong(value));
                case "--grace-ms" -> grace = Duration.ofMillis(Long.parseLong(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new Options(host, apiPort, metricsPort, kubeconfig, behaviour, defaults, grace);
    }
}
