package dev.tiffin.gateway.api;

import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.gateway.client.DeploymentService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;

/**
 * Where a deployment lives: {@code ?cluster=} and {@code ?namespace=}, else the document's {@code cluster} and {@code
 * kube_namespace}, else the default cluster (the deployment-service's first) and that cluster's default namespace.
 */
@ApplicationScoped
public class Identities {

    private final DeploymentService deployments;

    public Identities(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /** For reads: an unknown cluster is a 404. */
    public Uni<DeploymentId> forRead(String cluster, String namespace, String name) {
        return resolve(cluster, namespace, name, false);
    }

    /**
     * For a write of {@code spec}: the query and the document must agree (400 naming the field), {@code pathName}
     * (PUT) must match the document's name when it has one.
     */
    public Uni<DeploymentId> forWrite(String cluster, String namespace, String pathName, DeploymentSpec spec) {
        if (spec != null) {
            conflict("cluster", cluster, spec.cluster(), "the query parameter cluster");
            conflict("kube_namespace", namespace, spec.kubeNamespace(), "the query parameter namespace");
            conflict("name", pathName, spec.name(), "the deployment name in the path");
        }
        String c = cluster != null ? cluster : spec == null ? null : spec.cluster();
        String ns = namespace != null ? namespace : spec == null ? null : spec.kubeNamespace();
        String name = pathName != null ? pathName : spec == null ? null : spec.name();
        return resolve(c, ns, name, true);
    }

    private static void conflict(String field, String fromQuery, String fromBody, String what) {
        if (fromQuery != null && fromBody != null && !Objects.equals(fromQuery, fromBody)) {
            throw ProblemException.badRequest(
                    field,
                    "conflict",
                    field + " '" + fromBody + "' of the document differs from " + what + " '" + fromQuery + "'");
        }
    }

    private Uni<DeploymentId> resolve(String cluster, String namespace, String name, boolean write) {
        if (name == null || name.isBlank()) {
            // the validator reports a missing name with its path
            name = "";
        }
        String n = name;
        if (blank(cluster)) {
            return deployments.clusters().map(all -> {
                if (all.isEmpty()) {
                    throw new ProblemException(Problem.of(
                                    write ? 422 : 404,
                                    "no-cluster",
                                    "No cluster registered",
                                    "no cluster is registered yet; register one with POST /v1/clusters")
                            .withErrors(List.of(Violation.of("cluster", "unknown", "no cluster is registered"))));
                }
                ClusterInfo first = all.get(0);
                return new DeploymentId(first.name(), blank(namespace) ? first.defaultNamespace() : namespace, n);
            });
        }
        if (!blank(namespace)) {
            return Uni.createFrom().item(new DeploymentId(cluster, namespace, n));
        }
        return deployments.cluster(cluster).map(found -> {
            if (found.isEmpty()) {
                throw new ProblemException(Problem.of(
                                write ? 422 : 404,
                                "unknown-cluster",
                                "Unknown cluster",
                                "cluster '" + cluster + "' is not registered")
                        .withErrors(List.of(
                                Violation.of("cluster", "unknown", "cluster '" + cluster + "' is not registered"))));
            }
            return new DeploymentId(cluster, found.get().defaultNamespace(), n);
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
