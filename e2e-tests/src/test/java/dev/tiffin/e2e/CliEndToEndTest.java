package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.json.TiffinJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tiffin} CLI (its packaged jar) against the running gateway: create, get, list, and its exit codes. */
class CliEndToEndTest {

    record Run(int exit, String out, String err) {}

    @TempDir
    Path home;

    private Run tiffin(String... args) throws IOException, InterruptedException {
        TiffinStack stack = TiffinStack.get();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home,
                "-jar",
                stack.repoRoot.resolve("cli/target/tiffin-cli.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TIFFIN_SERVER", stack.gateway.baseUrl());
        builder.environment().put("TIFFIN_TOKEN", stack.adminToken);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("tiffin %s finished", List.of(args))
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void createGetAndListThroughTheCli() throws Exception {
        String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = home.resolve("deployment.json");
        Files.writeString(file, Specs.load("iris.json", name));

        Run created = tiffin("deployment", "create", "-f", file.toString(), "-o", "json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode view = TiffinJson.mapper().readTree(created.out());
        assertThat(view.path("name").asText()).isEqualTo(name);
        assertThat(view.path("revision").asInt()).isEqualTo(1);

        Run spec = tiffin("deployment", "get", name, "--spec", "-o", "json");
        assertThat(spec.exit()).as(spec.err()).isZero();
        assertThat(TiffinJson.mapper().readTree(spec.out()).path("bento").asText())
                .isEqualTo("iris-classifier:v1");

        Run list = tiffin("deployment", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(name);

        // the autoscaler's view, once it has read the revision
        await("the autoscaling table").atMost(Scenarios.WAIT).untilAsserted(() -> {
            Run autoscaling = tiffin("deployment", "autoscaling", name);
            assertThat(autoscaling.exit()).as(autoscaling.err()).isZero();
            assertThat(autoscaling.out())
                    .startsWith("Revision: 1")
                    .containsPattern("(?m)^api-server +")
                    .contains("Last decisions (newest first):");
        });
    }

    @Test
    void exitCodesTellNotFoundAndRejectedInputApart() throws Exception {
        Run missing = tiffin(
                "deployment",
                "get",
                "does-not-exist-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(missing.exit()).isEqualTo(4);

        Path bad = home.resolve("bad.json");
        Files.writeString(bad, Specs.load("iris.json", "Not_A_Valid_Name"));
        Run rejected = tiffin("deployment", "create", "-f", bad.toString());
        assertThat(rejected.exit()).isEqualTo(3);
        assertThat(rejected.err()).contains("name");
    }
}
