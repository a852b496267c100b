package dev.tiffin.autoscaler.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiffin.autoscaler.config.AutoscalerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GPU utilisation per pod from Prometheus: the configured instant query ({@code tiffin.autoscaler.prometheus.gpu-query},
 * default {@code avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL)}), whose series must carry {@code namespace} and
 * {@code pod} labels (with the DCGM exporter scraped without {@code honor_labels}, relabel {@code exported_pod} in the
 * query or the scrape config).
 */
@ApplicationScoped
public class PrometheusGpu {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AutoscalerConfig config;
    private final HttpClient http;

    public PrometheusGpu(AutoscalerConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.prometheus().timeout())
                .build();
    }

    public boolean enabled() {
        return config.prometheus().url().isPresent();
    }

    /** GPU utilisation % by {@code namespace/pod}; empty when no Prometheus is configured. */
    public Map<String, Double> byPod() throws IOException, InterruptedException {
        Optional<String> url = config.prometheus().url();
        if (url.isEmpty()) {
            return Map.of();
        }
        String base = url.get().endsWith("/") ? url.get().substring(0, url.get().length() - 1) : url.get();
        URI uri = URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(config.prometheus().gpuQuery(), StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(config.prometheus().timeout())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Prometheus answered " + response.statusCode() + " to the gpu query");
        }
        return parse(response.body());
    }

    /** {@code namespace/pod} → value of an instant-query answer ({@code resultType} vector). */
    static Map<String, Double> parse(String body) throws IOException {
        JsonNode root = JSON.readTree(body);
        Map<String, Double> values = new HashMap<>();
        for (JsonNode series : root.path("data").path("result")) {
            JsonNode labels = series.path("metric");
            String namespace = labels.path("namespace").asText(null);
            String pod = labels.path("pod").asText(null);
            JsonNode value = series.path("value");
            if (namespace == null || pod == null || value.size() < 2) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(value.get(1).asText());
            } catch (NumberFormatException e) {
                continue;
            }
            if (Double.isFinite(v)) {
                values.put(namespace + "/" + pod, v);
            }
        }
        return values;
    }
}
