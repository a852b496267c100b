package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.SpecDefaults;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One component of a revision as the autoscaler sees it: its name in events ({@code api-server}, or the runner's name,
 * e.g. {@code iris_clf}), its DNS-1123 form (the {@code tiffin.dev/component} label on the cluster) and its effective
 * autoscaling spec.
 */
public record ComponentSpec(String name, String kubeName, Autoscaling autoscaling) {

    /** The API server's component name. */
    public static final String API_SERVER = "api-server";

    private static final int MAX_LABEL = 63;

    /**
     * The components of a revision, by the rollout-service's rule ({@code WorkloadBuilder.components}): the API server
     * first, then the runners by name: the spec's runners plus the Bento's runners the spec leaves out, each with the
     * deployment-level defaults applied ({@link SpecDefaults#component}).
     */
    public static List<ComponentSpec> of(RevisionCreated revision) {
        DeploymentSpec spec = revision.spec();
        List<ComponentSpec> components = new ArrayList<>();
        components.add(new ComponentSpec(API_SERVER, API_SERVER, effective(spec, spec.apiServer())));
        Map<String, Component> runners = new TreeMap<>();
        if (revision.bento() != null && revision.bento().runners() != null) {
            revision.bento().runners().forEach(r -> runners.put(r, null));
        }
        if (spec.runners() != null) {
            runners.putAll(spec.runners());
        }
        Set<String> kubeNames = new HashSet<>(Set.of(API_SERVER));
        runners.forEach((name, runner) -> {
            String kubeName = sanitize(name);
            if (!kubeNames.add(kubeName)) {
                throw new IllegalArgumentException(
                        "runner " + name + " has the same Kubernetes name as another component: " + kubeName);
            }
            components.add(new ComponentSpec(name, kubeName, effective(spec, runner)));
        });
        return components;
    }

    private static Autoscaling effective(DeploymentSpec spec, Component component) {
        return SpecDefaults.component(component, spec.deploymentStrategy(), spec.envs())
                .autoscaling();
    }

    /** {@code iris_clf} → {@code iris-clf}: lowercase, other characters to '-', trimmed, at most 63 characters. */
    static String sanitize(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String trimmed = lower.replaceAll("^-+", "").replaceAll("-+$", "");
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no DNS-1123 label can be made of '" + name + "'");
        }
        if (trimmed.length() <= MAX_LABEL) {
            return trimmed;
        }
        String hash = HexFormat.of().formatHex(sha256(trimmed)).substring(0, 8);
        return trimmed.substring(0, MAX_LABEL - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
