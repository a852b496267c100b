package dev.tiffin.localcluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /metrics} in the Prometheus text format, one sample per started (Running, Ready or terminating) pod:
 *
 * <ul>
 *   <li>{@code tiffin_sim_pod_cpu_millicores} = {@value #IDLE_MILLICORES} + average concurrency × the Bento's
 *       {@code cpuPerRequestMillicores};
 *   <li>{@code tiffin_sim_pod_memory_bytes} = the Bento's {@code memoryBytes} + average concurrency × 16 MiB;
 *   <li>{@code DCGM_FI_DEV_GPU_UTIL} (the DCGM exporter's name and labels, percent) = min(100, average concurrency ÷
 *       capacity × 100), only for pods that request {@code nvidia.com/gpu};
 *   <li>{@code tiffin_sim_pod_requests_in_flight}, {@code tiffin_sim_pod_requests_total}, {@code tiffin_sim_pod_ready}.
 * </ul>
 *
 * Average concurrency is the service time of the requests completed in the last second ÷ 1 s.
 */
public final class MetricsEndpoint implements AutoCloseable {

    public static final int IDLE_MILLICORES = 5;

    private final KubeletSimulator simulator;
    private final HttpServer server;

    public MetricsEndpoint(KubeletSimulator simulator, String host, int port) {
        this.simulator = simulator;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics endpoint on " + host + ":" + port, e);
        }
        server.createContext("/metrics", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = render(simulator.pods()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    static String render(List<KubeletSimulator.SimPod> pods) {
        StringBuilder cpu = header("tiffin_sim_pod_cpu_millicores", "gauge", "Simulated pod CPU use (millicores).");
        StringBuilder memory = header("tiffin_sim_pod_memory_bytes", "gauge", "Simulated pod memory use (bytes).");
        StringBuilder gpu = header("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).");
        StringBuilder inFlight =
                header("tiffin_sim_pod_requests_in_flight", "gauge", "Requests being served or queued.");
        StringBuilder total = header("tiffin_sim_pod_requests_total", "counter", "POST requests received.");
        StringBuilder ready = header("tiffin_sim_pod_ready", "gauge", "1 when the pod is Ready.");
        for (KubeletSimulator.SimPod p : pods) {
            if (!p.started()) {
                continue;
            }
            StandInBento bento = p.bento();
            BentoBehaviour behaviour = bento.behaviour();
            double concurrency = bento.averageConcurrency();
            String labels = "{namespace=\"" + p.namespace() + "\",pod=\"" + p.name() + "\"}";
            sample(cpu, labels, p.cpuMillicores());
            sample(memory, labels, p.memoryBytes());
            sample(inFlight, labels, bento.inFlight());
            sample(total, labels, bento.requests());
            sample(ready, labels, p.ready() ? 1 : 0);
            for (int i = 0; i < p.gpus(); i++) {
                String dcgm = "{gpu=\"" + i + "\",UUID=\"GPU-sim-" + p.name() + "-" + i + "\",device=\"nvidia" + i
                        + "\",modelName=\"Tiffin Simulated GPU\",Hostname=\"tiffin-local\",container=\""
                        + p.container() + "\",namespace=\"" + p.namespace() + "\",pod=\"" + p.name() + "\"}";
                sample(gpu, dcgm, Math.min(100.0, concurrency / behaviour.capacity() * 100.0));
            }
        }
        return gpu.append(cpu)
                .append(memory)
                .append(inFlight)
                .append(total)
                .append(ready)
                .toString();
    }

    private static StringBuilder header(String name, String type, String help) {
        return new StringBuilder()
                .append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append("\n# TYPE ")
                .append(name)
                .append(' ')
                .append(type)
                .append('\n');
    }

    private static void sample(StringBuilder out, String labels, double value) {
        String name = out.substring("# HELP ".length(), out.indexOf(" ", "# HELP ".length()));
        out.append(name)
                .append(labels)
                .append(' ')
                .append(
                        value == Math.rint(value)
                                ? Long.toString((long) value)
                                : String.format(Locale.ROOT, "%.3f", value))
                .append('\n');
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
