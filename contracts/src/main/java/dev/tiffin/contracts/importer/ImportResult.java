package dev.tiffin.contracts.importer;

import dev.tiffin.contracts.spec.DeploymentSpec;
import java.util.List;

/**
 * A document read as a canonical spec: which format it was ({@link #CANONICAL}, {@link #BENTOML_V1},
 * {@link #BENTOML_V2}) and what the conversion wants the user to know (settings read with a changed meaning).
 */
public record ImportResult(DeploymentSpec spec, String sourceFormat, List<String> warnings) {

    public static final String CANONICAL = "canonical";
    public static final String BENTOML_V1 = "bentoml_v1";
    public static final String BENTOML_V2 = "bentoml_v2";

    public ImportResult {
        warnings = List.copyOf(warnings);
    }
}
