package dev.tiffin.contracts.catalog;

import java.util.List;

/**
 * A registered Bento version: the image that runs it, its API server (BentoML v2: the entry service) and its runners
 * (v2: the other services).
 */
public record BentoInfo(String repository, String version, String image, String apiServer, List<String> runners) {

    public String tag() {
        return repository + ":" + version;
    }
}
