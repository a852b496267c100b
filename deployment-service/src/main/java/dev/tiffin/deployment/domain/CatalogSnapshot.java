package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.BentoRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a request is checked against: the registered clusters (in registration order), the configured default
 * cluster (null: the first registered one), the instance types, and the registered versions of the Bento repository
 * the request names (in registration order, newest last).
 */
public record CatalogSnapshot(
        List<ClusterInfo> clusters,
        String configuredDefaultCluster,
        Map<String, InstanceType> instanceTypes,
        List<BentoInfo> bentos) {

    public Optional<ClusterInfo> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The configured default cluster when it is registered, else the first registered cluster. */
    public Optional<ClusterInfo> defaultCluster() {
        if (configuredDefaultCluster != null && !configuredDefaultCluster.isBlank()) {
            return cluster(configuredDefaultCluster);
        }
        return clusters.stream().findFirst();
    }

    /** The clusters with the default one first, then the others in registration order. */
    public List<ClusterInfo> clustersDefaultFirst() {
        Optional<ClusterInfo> first = defaultCluster();
        if (first.isEmpty()) {
            return clusters;
        }
        List<ClusterInfo> out = new java.util.ArrayList<>(clusters.size());
        out.add(first.get());
        clusters.stream().filter(c -> !c.equals(first.get())).forEach(out::add);
        return List.copyOf(out);
    }

    public Optional<InstanceType> instanceType(String name) {
        return Optional.ofNullable(instanceTypes.get(name));
    }

    /** The concrete Bento of a reference: {@code latest} is the newest registered version of the repository. */
    public Optional<BentoInfo> resolve(BentoRef ref) {
        List<BentoInfo> ofRepository = bentos.stream()
                .filter(b -> b.repository().equals(ref.repository()))
                .toList();
        if (ref.isLatest()) {
            return ofRepository.isEmpty() ? Optional.empty() : Optional.of(ofRepository.get(ofRepository.size() - 1));
        }
        return ofRepository.stream()
                .filter(b -> b.version().equals(ref.version()))
                .findFirst();
    }
}
