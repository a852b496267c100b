package dev.tiffin.contracts.importer;

import dev.tiffin.contracts.catalog.BentoInfo;
import java.util.Optional;

/**
 * Finds a registered Bento version (version may be {@code latest}), so that an importer can tell a BentoML v2
 * document's API server service from its runner services.
 */
@FunctionalInterface
public interface BentoLookup {

    Optional<BentoInfo> find(String repository, String version);

    /** A lookup that knows no Bento. */
    static BentoLookup none() {
        return (repository, version) -> Optional.empty();
    }
}
