package dev.tiffin.gateway.api;

import dev.tiffin.contracts.importer.DocumentReader;
import dev.tiffin.contracts.importer.ImportResult;
import dev.tiffin.gateway.client.DeploymentService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a submitted document (canonical JSON, or a BentoML v1/v2 deployment file, as JSON or YAML) into the canonical
 * spec. BentoML v2 documents need the Bento's registration to tell its API server from its runners: the look-up asks
 * the deployment-service's catalog, synchronously, so call this on a worker thread ({@link Http#offload}). The
 * document is converted only: the resources fill in the identity (path, query, default cluster) and then validate it
 * with {@code SpecValidator}, so that a PUT body without a name is not reported as invalid.
 */
@ApplicationScoped
public class SpecImport {

    private final DeploymentService deployments;

    public SpecImport(DeploymentService deployments) {
        this.deployments = deployments;
    }

    public ImportResult read(String text, String contentType) {
        return DocumentReader.convert(text == null ? "" : text, contentType, deployments::findBentoBlocking);
    }
}
