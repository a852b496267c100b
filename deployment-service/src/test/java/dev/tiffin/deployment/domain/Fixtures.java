package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.deployment.config.ContractsSpecRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Specs, catalogs and requests the domain tests share. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final DeploymentId ID = new DeploymentId("local", "default", "iris");
    static final SpecRules RULES = new ContractsSpecRules();

    static final BentoInfo IRIS_1 = new BentoInfo("iris", "1.0.0", "img/iris:1", "svc", List.of("clf"));
    static final BentoInfo IRIS_2 = new BentoInfo("iris", "2.0.0", "img/iris:2", "svc", List.of("clf", "pre"));
    static final InstanceType CPU_SMALL = new InstanceType("cpu.small", "1", "2Gi", null, null, 0.05, null);

    private Fixtures() {}

    static CatalogSnapshot catalog() {
        return new CatalogSnapshot(
                List.of(new ClusterInfo("local", "default", null, "simulated")),
                null,
                Map.of(CPU_SMALL.name(), CPU_SMALL),
                List.of(IRIS_1, IRIS_2));
    }

    static DeploymentSpec spec(String bento) {
        return new DeploymentSpec(
                "iris",
                null,
                null,
                null,
                null,
                bento,
                null,
                List.of(EnvVar.plain("MODE", "fast")),
                null,
                Map.of("team", "ml"),
                new Component(
                        new Autoscaling(1, 3, null, null, null),
                        new Resources("cpu.small", null, null),
                        null,
                        null,
                        null),
                Map.of("clf", new Component(null, null, null, null, null)));
    }

    static DeploymentSpec withSecret(DeploymentSpec spec, String sealed) {
        return spec.withEnvs(List.of(EnvVar.plain("MODE", "fast"), new EnvVar("TOKEN", null, true, sealed)));
    }

    static DeploymentRequested request(DeploymentAction action, DeploymentSpec spec) {
        return request(action, spec, null, null);
    }

    static DeploymentRequested request(
            DeploymentAction action, DeploymentSpec spec, Integer ifMatch, Integer targetRevision) {
        return new DeploymentRequested(
                UUID.randomUUID().toString(),
                action,
                ID,
                spec,
                "canonical",
                "alice",
                ifMatch,
                null,
                targetRevision,
                NOW);
    }
}
