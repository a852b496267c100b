package dev.tiffin.deployment.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.secrets.SecretSealer;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a request changes a deployment: its effective spec (defaults applied, Bento version concrete) compared with
 * the latest revision's, as JSON documents (so {@code 60} and {@code 60L}, or two map orders, are the same). A secret
 * env var compares by name and the fingerprint of its sealed value ({@link SecretSealer#fingerprint}; docs/adr/0003):
 * the same value sealed twice is the same, a new value is a change. A sealed value without a fingerprint compares by
 * name and presence only.
 */
public final class ChangeDetection {

    private ChangeDetection() {}

    public static boolean sameEffectiveSpec(DeploymentSpec a, DeploymentSpec b) {
        return canonical(a).equals(canonical(b));
    }

    static JsonNode canonical(DeploymentSpec spec) {
        try {
            return TiffinJson.mapper().readTree(TiffinJson.write(comparable(spec)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DeploymentSpec comparable(DeploymentSpec spec) {
        Map<String, Component> runners = null;
        if (spec.runners() != null) {
            runners = new LinkedHashMap<>();
            for (Map.Entry<String, Component> e : spec.runners().entrySet()) {
                runners.put(e.getKey(), comparable(e.getValue()));
            }
        }
        return spec.withEnvs(comparable(spec.envs())).withComponents(comparable(spec.apiServer()), runners);
    }

    private static Component comparable(Component component) {
        return component == null || component.envs() == null
                ? component
                : component.withEnvs(comparable(component.envs()));
    }

    private static List<EnvVar> comparable(List<EnvVar> envs) {
        return envs == null
                ? null
                : envs.stream()
                        .map(e -> e == null || !e.isSecret()
                                ? e
                                : new EnvVar(e.name(), null, true, fingerprintOrNull(e.sealed())))
                        .toList();
    }

    private static String fingerprintOrNull(String sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return SecretSealer.fingerprint(sealed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
