package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.contracts.spec.Quantity;
import dev.tiffin.contracts.validation.Names;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Field checks of catalog entries an administrator registers; every violation with its path. */
public final class CatalogValidation {

    private CatalogValidation() {}

    public static List<Violation> cluster(ClusterInfo c) {
        List<Violation> out = new ArrayList<>();
        if (blank(c.name())) {
            out.add(required("name"));
        } else if (!Names.isDnsSubdomain(c.name())) {
            out.add(format("name", "a cluster name is a DNS subdomain (lowercase letters, digits, '-', '.')"));
        }
        if (c.defaultNamespace() != null && !Names.isDnsLabel(c.defaultNamespace())) {
            out.add(format("default_namespace", "a namespace is a DNS label (lowercase letters, digits, '-')"));
        }
        return out;
    }

    public static List<Violation> instanceType(InstanceType t) {
        List<Violation> out = new ArrayList<>();
        if (blank(t.name())) {
            out.add(required("name"));
        } else if (!Names.isInstanceTypeName(t.name())) {
            out.add(format("name", "an instance type name is lowercase letters, digits, '.', '_' and '-'"));
        }
        quantity(t.cpu(), "cpu", out);
        quantity(t.memory(), "memory", out);
        if (t.gpu() != null && t.gpu() < 0) {
            out.add(Violation.of("gpu", ViolationCodes.OUT_OF_RANGE, "gpu is a whole number of GPUs, 0 or more"));
        }
        if (t.gpu() != null && t.gpu() > 0 && blank(t.gpuType())) {
            out.add(Violation.of("gpu_type", ViolationCodes.REQUIRED, "an instance type with GPUs names their type"));
        }
        if (t.price() != null && (t.price() < 0 || !Double.isFinite(t.price()))) {
            out.add(Violation.of("price", ViolationCodes.OUT_OF_RANGE, "price is 0 or more"));
        }
        return out;
    }

    public static List<Violation> bento(BentoInfo b) {
        List<Violation> out = new ArrayList<>();
        if (blank(b.repository())) {
            out.add(required("repository"));
        }
        if (blank(b.version())) {
            out.add(required("version"));
        } else if (BentoRef.LATEST.equals(b.version())) {
            out.add(Violation.of(
                    "version",
                    ViolationCodes.INVALID_VALUE,
                    "'latest' names the newest version; register a concrete one"));
        }
        if (!blank(b.repository())
                && !blank(b.version())
                && BentoRef.tryParse(b.repository() + ":" + b.version()).isEmpty()) {
            out.add(format(
                    "repository", "repository and version must form a Bento reference such as iris_classifier:1.0.0"));
        }
        if (blank(b.image())) {
            out.add(required("image"));
        }
        if (b.runners() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < b.runners().size(); i++) {
                String runner = b.runners().get(i);
                if (!Names.isRunnerName(runner)) {
                    out.add(format("runners[" + i + "]", "a runner name is lowercase letters, digits, '_' and '-'"));
                } else if (!seen.add(runner)) {
                    out.add(Violation.of(
                            "runners[" + i + "]", ViolationCodes.DUPLICATE, "runner " + runner + " twice"));
                }
            }
        }
        return out;
    }

    private static void quantity(String value, String path, List<Violation> out) {
        if (blank(value)) {
            out.add(required(path));
        } else if (Quantity.tryParse(value).isEmpty()
                || Quantity.tryParse(value).get().isNegative()) {
            out.add(format(path, path + " is a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Violation required(String path) {
        return Violation.of(path, ViolationCodes.REQUIRED, path + " is required");
    }

    private static Violation format(String path, String message) {
        return Violation.of(path, ViolationCodes.INVALID_FORMAT, message);
    }
}
