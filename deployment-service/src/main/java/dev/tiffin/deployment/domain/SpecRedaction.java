package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Specs as users see them: every secret env var (deployment, api_server, runners) without its value or seal
 * ({@link EnvVar#redacted()}).
 */
public final class SpecRedaction {

    private SpecRedaction() {}

    public static DeploymentSpec redacted(DeploymentSpec spec) {
        if (spec == null) {
            return null;
        }
        Map<String, Component> runners = null;
        if (spec.runners() != null) {
            runners = new LinkedHashMap<>();
            for (Map.Entry<String, Component> e : spec.runners().entrySet()) {
                runners.put(e.getKey(), redacted(e.getValue()));
            }
        }
        return spec.withEnvs(redacted(spec.envs())).withComponents(redacted(spec.apiServer()), runners);
    }

    private static Component redacted(Component component) {
        return component == null || component.envs() == null
                ? component
                : component.withEnvs(redacted(component.envs()));
    }

    private static List<EnvVar> redacted(List<EnvVar> envs) {
        return envs == null
                ? null
                : envs.stream().map(e -> e == null ? null : e.redacted()).toList();
    }
}
