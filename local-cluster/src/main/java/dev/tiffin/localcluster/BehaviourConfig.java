package dev.tiffin.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves the {@link BentoBehaviour} of a pod. Sources, later ones winning field by field: the built-in defaults (with
 * the command line's start-up delay and latency), the JSON file given on the command line, the ConfigMap
 * {@code default/tiffin-simulator} (data key {@code behaviours.json}), read when a pod is created.
 *
 * <p>Both hold one JSON object whose keys are a {@code tiffin.dev/bento} label value, a container image
 * ({@code repo:tag}), an image without its tag, or {@code "*"} (every pod); values are partial behaviours, e.g.
 * {@code {"*": {"latencyMs": 5}, "iris:v2": {"neverReady": true}}}. For a pod the entries apply in the order
 * {@code *}, image without tag, image, bento label.
 */
public final class BehaviourConfig {

    public static final String CONFIG_MAP_NAMESPACE = "default";
    public static final String CONFIG_MAP_NAME = "tiffin-simulator";
    public static final String CONFIG_MAP_KEY = "behaviours.json";
    public static final String BENTO_LABEL = "tiffin.dev/bento";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BentoBehaviour defaults;
    private final JsonNode file;

    public BehaviourConfig(BentoBehaviour defaults, JsonNode file) {
        this.defaults = defaults;
        this.file = file;
    }

    public static BehaviourConfig of(BentoBehaviour defaults, Path file) {
        if (file == null) {
            return new BehaviourConfig(defaults, null);
        }
        try {
            return new BehaviourConfig(defaults, JSON.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the behaviour file " + file, e);
        }
    }

    /** The behaviour of {@code pod}, reading the ConfigMap through {@code client} (absent or unreadable = ignored). */
    public BentoBehaviour resolve(Pod pod, KubernetesClient client) {
        List<String> keys = keys(pod);
        BentoBehaviour behaviour = apply(defaults, file, keys);
        return apply(behaviour, configMap(client), keys);
    }

    static List<String> keys(Pod pod) {
        List<String> keys = new ArrayList<>();
        keys.add("*");
        var containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
        if (containers != null && !containers.isEmpty() && containers.get(0).getImage() != null) {
            String image = containers.get(0).getImage();
            int colon = image.lastIndexOf(':');
            if (colon > image.lastIndexOf('/')) {
                keys.add(image.substring(0, colon));
            }
            keys.add(image);
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels != null && labels.get(BENTO_LABEL) != null) {
            keys.add(labels.get(BENTO_LABEL));
        }
        return keys;
    }

    private static BentoBehaviour apply(BentoBehaviour base, JsonNode config, List<String> keys) {
        if (config == null) {
            return base;
        }
        BentoBehaviour result = base;
        for (String key : keys) {
            result = result.overriddenBy(config.get(key));
        }
        return result;
    }

    private static JsonNode configMap(KubernetesClient client) {
        try {
            ConfigMap cm = client.configMaps()
                    .inNamespace(CONFIG_MAP_NAMESPACE)
                    .withName(CONFIG_MAP_NAME)
                    .get();
            String json =
                    cm == null || cm.getData() == null ? null : cm.getData().get(CONFIG_MAP_KEY);
            return json == null ? null : JSON.readTree(json);
        } catch (KubernetesClientException | IOException e) {
            System.getLogger(BehaviourConfig.class.getName())
                    .log(System.Logger.Level.WARNING, "ignoring the ConfigMap " + CONFIG_MAP_NAME + ": " + e);
            return null;
        }
    }
}
