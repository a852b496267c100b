package dev.tiffin.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Option groups shared by the deployment commands. */
final class Options {

    private Options() {}

    /** Which cluster and namespace a deployment lives in (the server's defaults when not given). */
    static final class Target {
        @Option(names = "--cluster", paramLabel = "CLUSTER", description = "cluster (default: the server's default)")
        String cluster;

        @Option(
                names = {"-n", "--namespace"},
                paramLabel = "NAMESPACE",
                description = "Kubernetes namespace (default: the cluster's default)")
        String namespace;
    }

    /** How long a write waits: for acceptance (default), for the rollout ({@code --wait}), or not at all. */
    static final class Waiting {
        @Option(
                names = "--wait",
                description = "wait until the rollout is done, showing its progress on stderr (exit 8 if it fails)")
        boolean wait;

        @Option(names = "--no-wait", description = "return as soon as the request is queued (prints the request id)")
        boolean noWait;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "how long --wait waits: seconds, or 90s, 10m, 1h (exit 7 when it runs out)")
        Long timeoutSeconds;

        String mode() {
            if (wait && noWait) {
                throw new CliException(ExitCodes.USAGE, "--wait and --no-wait exclude each other");
            }
            return wait ? "ready" : noWait ? "none" : "accepted";
        }
    }

    /**
     * {@code --idempotency-key}: sent as the {@code Idempotency-Key} header, so that retrying the same command with
     * the same key is the same request (the server answers it again instead of applying it twice).
     */
    static final class Idempotency {
        /** The server's limit on a key's length. */
        static final int MAX_LENGTH = 255;

        @Option(
                names = "--idempotency-key",
                paramLabel = "KEY",
                description = "make a retry of this command the same request (1 to " + MAX_LENGTH
                        + " visible ASCII characters; kept by the server for 24 h)")
        String key;

        /** The key, checked: visible ASCII only (it travels as an HTTP header), 1 to 255 characters. */
        String checkedKey() {
            if (key == null) {
                return null;
            }
            if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--idempotency-key must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces), not '"
                                + key + "'");
            }
            return key;
        }
    }

    /** Converts {@code 90}, {@code 90s}, {@code 10m}, {@code 1h}, {@code 30d} to seconds. */
    static final class DurationConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Durations.seconds(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
