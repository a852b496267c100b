package dev.tiffin.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The kubeconfig file that points fabric8 clients (and kubectl) at the local cluster's API server. */
public final class Kubeconfig {

    public static final String CONTEXT = "tiffin-local";
    public static final String NAMESPACE = "default";

    private Kubeconfig() {}

    public static String render(String serverUrl) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    namespace: %3$s
                    user: %1$s
                current-context: %1$s
                users:
                - name: %1$s
                  user:
                    token: %1$s
                preferences: {}
                """.formatted(CONTEXT, serverUrl, NAMESPACE);
    }

    /** Writes the kubeconfig atomically (a temporary file moved into place), creating the parent directories. */
    public static void write(Path file, String serverUrl) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path tmp = Files.createTempFile(absolute.getParent(), ".kubeconfig", ".tmp");
            Files.writeString(tmp, render(serverUrl));
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }
}
