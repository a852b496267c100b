package dev.tiffin.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the CLI talks to: its output and error streams, standard input, the environment, the home directory
 * (for the config file) and whether stderr is a terminal (the progress line redraws itself in place there).
 */
public record Io(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path home, boolean tty) {

    public static Io system() {
        return new Io(
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.in,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                System.console() != null);
    }

    public Path configFile() {
        return Settings.configFile(home);
    }
}
