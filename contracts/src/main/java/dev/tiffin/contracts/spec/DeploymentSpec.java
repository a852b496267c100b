package dev.tiffin.contracts.spec;

import java.util.List;
import java.util.Map;

/**
 * The canonical Deployment document (DESIGN.md §3), snake_case on the wire. Enum-like fields are strings so that
 * {@link dev.tiffin.contracts.validation.SpecValidator} can report every bad value with its path at once; typed views
 * live on the records ({@link #accessTypeOrDefault()}, ...). Absent optional fields stay {@code null}: the stored
 * document is what the user sent, and defaults are applied by {@link SpecDefaults}.
 */
public record DeploymentSpec(
        String name,
        String description,
        String cluster,
        String kubeNamespace,
        String accessType,
        String bento,
        String deploymentStrategy,
        List<EnvVar> envs,
        Map<String, Object> bentomlConfig,
        Map<String, String> labels,
        Component apiServer,
        Map<String, Component> runners) {

    public AccessType accessTypeOrDefault() {
        return accessType == null ? AccessType.PROTECTED : AccessType.parse(accessType);
    }

    public DeploymentStrategy strategyOrDefault() {
        return deploymentStrategy == null
                ? DeploymentStrategy.ROLLING_UPDATE
                : DeploymentStrategy.parse(deploymentStrategy);
    }

    public BentoRef bentoRef() {
        return BentoRef.parse(bento);
    }

    public DeploymentSpec withIdentity(String cluster, String kubeNamespace) {
        return new DeploymentSpec(
                name,
                description,
                cluster,
                kubeNamespace,
                accessType,
                bento,
                deploymentStrategy,
                envs,
                bentomlConfig,
                labels,
                apiServer,
                runners);
    }

    public DeploymentSpec withBento(String bento) {
        return new DeploymentSpec(
                name,
                description,
                cluster,
                kubeNamespace,
                accessType,
                bento,
                deploymentStrategy,
                envs,
                bentomlConfig,
                labels,
                apiServer,
                runners);
    }

    public DeploymentSpec withEnvs(List<EnvVar> envs) {
        return new DeploymentSpec(
                name,
                description,
                cluster,
                kubeNamespace,
                accessType,
                bento,
                deploymentStrategy,
                envs,
                bentomlConfig,
                labels,
                apiServer,
                runners);
    }

    public DeploymentSpec withComponents(Component apiServer, Map<String, Component> runners) {
        return new DeploymentSpec(
                name,
                description,
                cluster,
                kubeNamespace,
                accessType,
                bento,
                deploymentStrategy,
                envs,
                bentomlConfig,
                labels,
                apiServer,
                runners);
    }
}
