package dev.tiffin.rollout.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes objects of one revision: the Secret of its secret envs (absent without any), a Service per component
 * (shared by all revisions) and a Deployment per component (this revision's pods). {@link #all()} lists them in the
 * order they are to be written: the Secret before the pods that read it.
 */
public record DesiredWorkloads(Optional<Secret> envSecret, List<Service> services, List<Deployment> deployments) {

    public DesiredWorkloads {
        services = List.copyOf(services);
        deployments = List.copyOf(deployments);
    }

    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>();
        envSecret.ifPresent(all::add);
        all.addAll(services);
        all.addAll(deployments);
        return all;
    }

    public Deployment deployment(String component) {
        return deployments.stream()
                .filter(d -> component.equals(d.getMetadata().getLabels().get(WorkloadLabels.COMPONENT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + component));
    }
}
