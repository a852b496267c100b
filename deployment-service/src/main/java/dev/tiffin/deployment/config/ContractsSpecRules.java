package dev.tiffin.deployment.config;

import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.SpecDefaults;
import dev.tiffin.contracts.validation.SpecValidator;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.deployment.domain.SpecRules;
import java.util.List;

/** The spec rules of the contracts library: {@link SpecValidator} and {@link SpecDefaults}. */
public final class ContractsSpecRules implements SpecRules {

    @Override
    public List<Violation> validate(DeploymentSpec spec) {
        return SpecValidator.validate(spec);
    }

    @Override
    public DeploymentSpec effective(DeploymentSpec spec, String defaultCluster, String defaultNamespace) {
        return SpecDefaults.effective(spec, defaultCluster, defaultNamespace);
    }
}
