package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/**
 * The spec rules the contracts library owns: validation of a document on its own and the defaults that make a spec
 * effective. An interface so that the decision function can be tested with rules of its own.
 */
public interface SpecRules {

    List<Violation> validate(DeploymentSpec spec);

    DeploymentSpec effective(DeploymentSpec spec, String defaultCluster, String defaultNamespace);
}
