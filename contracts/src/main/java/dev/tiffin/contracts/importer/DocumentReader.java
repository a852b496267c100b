package dev.tiffin.contracts.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.SpecValidator;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import java.util.List;
import java.util.Locale;

/**
 * Reads a submitted deployment document — canonical, BentoML v1 JSON or BentoML v2 YAML/JSON — as a canonical
 * {@link DeploymentSpec}. The format is recognised from the document itself: {@code targets} → v1; {@code services},
 * {@code access_authorization} or {@code scaling} → v2; anything else is read as canonical.
 */
public final class DocumentReader {

    private DocumentReader() {}

    /**
     * Parses, converts and validates {@code text}.
     *
     * @param contentType the request's content type; a JSON type makes malformed input a JSON error, anything else
     *     (YAML, absent) is parsed as YAML, of which JSON is a subset
     * @throws InvalidDocumentException with every violation found, each with its path (in the source document's terms
     *     for conversion errors, in canonical terms for validation errors)
     */
    public static ImportResult read(String text, String contentType, BentoLookup lookup) {
        ImportResult result = convert(text, contentType, lookup);
        SpecValidator.requireValid(result.spec());
        return result;
    }

    /** Like {@link #read} without {@link SpecValidator}: the converted spec, as is. */
    public static ImportResult convert(String text, String contentType, BentoLookup lookup) {
        JsonNode tree = parse(text, contentType);
        if (!tree.isObject()) {
            throw new InvalidDocumentException(
                    Violation.of("", ViolationCodes.WRONG_TYPE, "a deployment document is an object"));
        }
        return switch (detect(tree)) {
            case ImportResult.BENTOML_V1 -> BentoMlV1Importer.convert(tree);
            case ImportResult.BENTOML_V2 ->
                BentoMlV2Importer.convert(tree, lookup == null ? BentoLookup.none() : lookup);
            default ->
                new ImportResult(StrictReader.bind(tree, DeploymentSpec.class), ImportResult.CANONICAL, List.of());
        };
    }

    /** The format of a parsed document: {@link ImportResult#CANONICAL}, {@link ImportResult#BENTOML_V1} or V2. */
    public static String detect(JsonNode tree) {
        if (tree.has("targets")) {
            return ImportResult.BENTOML_V1;
        }
        if (tree.has("services") || tree.has("access_authorization") || tree.has("scaling")) {
            return ImportResult.BENTOML_V2;
        }
        return ImportResult.CANONICAL;
    }

    static JsonNode parse(String text, String contentType) {
        if (text == null || text.isBlank()) {
            throw new InvalidDocumentException(Violation.of("", "empty", "the document is empty"));
        }
        boolean json =
                contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        return StrictReader.parseTree(text, json ? TiffinJson.mapper() : TiffinJson.yaml());
    }
}
