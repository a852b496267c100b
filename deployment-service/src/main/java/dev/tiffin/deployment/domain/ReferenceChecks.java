package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What only the deployment-service can check: that the cluster, the Bento version ({@code latest} resolving to the
 * newest registered one), the runners named in the spec (a subset of the Bento's) and the instance types exist.
 */
public final class ReferenceChecks {

    /** Violation code of a reference to something the catalogs do not have. */
    public static final String UNKNOWN_REFERENCE = "unknown_reference";

    /** The catalog entries a spec refers to, and what it refers to that does not exist. */
    public record Resolved(
            Optional<ClusterInfo> cluster,
            Optional<BentoInfo> bento,
            Map<String, InstanceType> instanceTypes,
            List<Violation> violations) {}

    private ReferenceChecks() {}

    public static Resolved check(DeploymentSpec spec, String clusterName, CatalogSnapshot catalog) {
        List<Violation> violations = new ArrayList<>();
        Optional<ClusterInfo> cluster = catalog.cluster(clusterName);
        if (cluster.isEmpty()) {
            violations.add(
                    Violation.of("cluster", UNKNOWN_REFERENCE, "the cluster " + clusterName + " is not registered"));
        }
        Optional<BentoInfo> bento = Optional.empty();
        Optional<BentoRef> ref = BentoRef.tryParse(spec.bento());
        if (ref.isPresent()) {
            bento = catalog.resolve(ref.get());
            if (bento.isEmpty()) {
                violations.add(Violation.of(
                        "bento",
                        UNKNOWN_REFERENCE,
                        ref.get().isLatest()
                                ? "the Bento repository " + ref.get().repository() + " has no registered version"
                                : "the Bento " + ref.get() + " is not registered"));
            }
        }
        if (bento.isPresent() && spec.runners() != null) {
            List<String> known =
                    bento.get().runners() == null ? List.of() : bento.get().runners();
            for (String runner : spec.runners().keySet()) {
                if (!known.contains(runner)) {
                    violations.add(Violation.of(
                            "runners." + runner,
                            UNKNOWN_REFERENCE,
                            "the Bento " + bento.get().tag() + " has no runner " + runner + " (it has " + known + ")"));
                }
            }
        }
        Map<String, InstanceType> instanceTypes = new LinkedHashMap<>();
        checkInstanceType(spec.apiServer(), "api_server", catalog, instanceTypes, violations);
        if (spec.runners() != null) {
            spec.runners()
                    .forEach((name, c) -> checkInstanceType(c, "runners." + name, catalog, instanceTypes, violations));
        }
        return new Resolved(cluster, bento, Map.copyOf(instanceTypes), List.copyOf(violations));
    }

    private static void checkInstanceType(
            Component component,
            String path,
            CatalogSnapshot catalog,
            Map<String, InstanceType> found,
            List<Violation> violations) {
        if (component == null
                || component.resources() == null
                || component.resources().instanceType() == null) {
            return;
        }
        String name = component.resources().instanceType();
        Optional<InstanceType> type = catalog.instanceType(name);
        if (type.isPresent()) {
            found.put(name, type.get());
        } else {
            violations.add(Violation.of(
                    path + ".resources.instance_type",
                    UNKNOWN_REFERENCE,
                    "the instance type " + name + " is not registered"));
        }
    }
}
