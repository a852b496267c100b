package dev.tiffin.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A command-line tool the checks run from the repository root (promtool, amtool): its exit code and its output. */
final class CommandLineTool {

    record Result(int exit, String output) {}

    private CommandLineTool() {}

    /**
     * Runs {@code tool} with {@code args} (standard error merged into the output), waiting at most {@code seconds}.
     * When it cannot be started (not installed), {@code missing} is given the error and must throw: fail or skip.
     */
    static Result run(String tool, int seconds, Consumer<IOException> missing, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(Repo.ROOT.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            missing.accept(e);
            throw new IllegalStateException(tool + " could not be started", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        tool + " " + String.join(" ", args) + " did not finish within " + seconds + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
