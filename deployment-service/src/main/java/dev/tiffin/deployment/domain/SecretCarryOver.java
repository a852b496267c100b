package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secret env vars arrive sealed by the gateway. One submitted without a value (as a downloaded spec has it) keeps the
 * sealed value the deployment already has for that name in the same place (deployment, api_server or a runner).
 * A secret with a clear value, or without a value and nothing to keep, is invalid.
 */
public final class SecretCarryOver {

    /** The spec with kept sealed values filled in, or the violations. */
    public record Result(DeploymentSpec spec, List<Violation> violations) {}

    private SecretCarryOver() {}

    public static Result apply(DeploymentSpec submitted, DeploymentSpec previousEffective) {
        List<Violation> violations = new ArrayList<>();
        List<EnvVar> envs =
                fill(submitted.envs(), previousEffective == null ? null : previousEffective.envs(), "envs", violations);
        Component apiServer = fill(
                submitted.apiServer(),
                previousEffective == null ? null : previousEffective.apiServer(),
                "api_server",
                violations);
        Map<String, Component> runners = null;
        if (submitted.runners() != null) {
            runners = new LinkedHashMap<>();
            for (Map.Entry<String, Component> e : submitted.runners().entrySet()) {
                Component before = Optional.ofNullable(previousEffective)
                        .map(DeploymentSpec::runners)
                        .map(r -> r.get(e.getKey()))
                        .orElse(null);
                runners.put(e.getKey(), fill(e.getValue(), before, "runners." + e.getKey(), violations));
            }
        }
        return new Result(submitted.withEnvs(envs).withComponents(apiServer, runners), List.copyOf(violations));
    }

    private static Component fill(Component component, Component before, String path, List<Violation> violations) {
        if (component == null || component.envs() == null) {
            return component;
        }
        return component.withEnvs(
                fill(component.envs(), before == null ? null : before.envs(), path + ".envs", violations));
    }

    private static List<EnvVar> fill(List<EnvVar> envs, List<EnvVar> before, String path, List<Violation> violations) {
        if (envs == null) {
            return null;
        }
        List<EnvVar> out = new ArrayList<>(envs.size());
        for (int i = 0; i < envs.size(); i++) {
            EnvVar env = envs.get(i);
            if (env == null || !env.isSecret() || env.sealed() != null && env.value() == null) {
                out.add(env);
                continue;
            }
            String at = path + "[" + i + "]";
            if (env.value() != null) {
                violations.add(Violation.of(
                        at + ".value",
                        ViolationCodes.INVALID_VALUE,
                        "the secret " + env.name() + " arrived in clear text; secret values must be sealed"));
                out.add(env);
                continue;
            }
            Optional<String> kept = sealedOf(before, env.name());
            if (kept.isEmpty()) {
                violations.add(Violation.of(
                        at + ".value",
                        ViolationCodes.REQUIRED,
                        "the secret " + env.name() + " has no value and the deployment has none to keep"));
                out.add(env);
            } else {
                out.add(new EnvVar(env.name(), null, true, kept.get()));
            }
        }
        return out;
    }

    private static Optional<String> sealedOf(List<EnvVar> envs, String name) {
        if (envs == null) {
            return Optional.empty();
        }
        return envs.stream()
                .filter(e -> e != null
                        && e.isSecret()
                        && e.name() != null
                        && e.name().equals(name))
                .map(EnvVar::sealed)
                .filter(s -> s != null)
                .findFirst();
    }
}
