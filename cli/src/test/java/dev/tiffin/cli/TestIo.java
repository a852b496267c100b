package dev.tiffin.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Captured output and a controlled environment for running the CLI in a test. */
final class TestIo {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Io io;

    TestIo(Path home, Map<String, String> env) {
        this(home, env, "");
    }

    TestIo(Path home, Map<String, String> env, String stdin) {
        io = new Io(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                env,
                home,
                false);
    }

    int run(String... args) {
        return Tiffin.run(io, args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
