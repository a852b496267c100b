package dev.tiffin.contracts.importer;

import dev.tiffin.contracts.catalog.BentoInfo;
import java.util.List;
import java.util.Optional;

/** The Bentos of the local stack, as a lookup. */
final class Lookups {

    private Lookups() {}

    static final List<BentoInfo> SEEDED = List.of(
            new BentoInfo("iris-classifier", "v2", "img/iris:v2", "IrisClassifier", List.of("iris_clf")),
            new BentoInfo("sentence-embedder", "v1", "img/emb:v1", "Embedder", List.of()),
            new BentoInfo("llm-chat", "v3", "img/llm:v3", "ChatService", List.of("tokenizer", "generator")));

    static final BentoLookup LOCAL = (repository, version) -> SEEDED.stream()
            .filter(b -> b.repository().equals(repository))
            .filter(b -> version.equals("latest") || b.version().equals(version))
            .findFirst()
            .map(Optional::of)
            .orElse(Optional.empty());
}
