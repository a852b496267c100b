package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The README's "Walkthrough" section, run as written so that it cannot rot: every {@code bash} block of the section,
 * in order, in one bash process with {@code set -eu}, against the end-to-end stack. The only changes are the stack's
 * own addresses in place of the local stack's ({@code 127.0.0.1:8080} for the API, {@code 127.0.0.1:8000} for the
 * endpoints); the commands run in a scratch directory that looks like a checkout after {@code bin/tiffin-local up}:
 * {@code bin/} and {@code examples/} of the repository, and {@code .tiffin/admin-token}.
 */
@Order(85)
class ReadmeWalkthroughTest {

    static final String SECTION = "## Walkthrough";

    @Test
    void everyCommandOfTheWalkthroughRunsAndShowsWhatTheReadmeSays() throws Exception {
        TiffinStack stack = TiffinStack.get();
        List<String> blocks = bashBlocks(Files.readString(stack.repoRoot.resolve("README.md")));
        assertThat(blocks).as("bash blocks in the README's walkthrough").hasSizeGreaterThanOrEqualTo(5);
        String script = "set -eu\n"
                + String.join("\n", blocks)
                        .replace("127.0.0.1:8080", "127.0.0.1:" + stack.gateway.port())
                        .replace("127.0.0.1:8000", "127.0.0.1:" + stack.dataPort);

        Path dir = checkoutLike(stack);
        Path output = dir.resolve("walkthrough.log");
        Process bash = new ProcessBuilder("bash", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = bash.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            bash.destroyForcibly();
        }
        String log = Files.readString(output);
        System.out.println("[walkthrough]\n" + log);

        assertThat(finished).as("the walkthrough finished").isTrue();
        assertThat(bash.exitValue())
                .as("exit code of the walkthrough; its output:\n%s", log)
                .isZero();
        // what the README says the reader sees
        assertThat(log)
                .contains("\"component\":\"api-server\"")
                .contains("401 without a token")
                .contains("exit code 8")
                .contains("rolled_back")
                // step 3's autoscaling table, with the decision that scaled the API server up and its reason
                .contains("Last decisions (newest first):")
                .containsPattern("(?m)^api-server +\\S+ +\\d+ +\\d+ .*scaling from \\d+ to \\d+")
                // step 3's events stream: the decision that scaled the API server up, and its replicas becoming ready
                .containsPattern("(?m)autoscaling\\.scaling_decided +api-server 1 -> [2-9]\\d* replicas.*: \\S")
                .containsPattern("(?m)rollout\\.replicas_changed +api-server revision \\d+: [2-9]/\\d+ ready")
                // step 6: the first request after scale-to-zero woke a replica and got its answer
                .contains("200 after waking up");
        // and what the system now knows
        io.restassured.response.Response demo = stack.api().get("/v1/deployments/{n}", "demo");
        if (demo.statusCode() != 404) {
            assertThat(demo.jsonPath().getString("status")).isIn("deleted", "terminating", "terminated");
        }
    }

    /** The bodies of the {@code ```bash} blocks between the walkthrough's heading and the next level-2 heading. */
    static List<String> bashBlocks(String readme) {
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("the README has a '%s' section", SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length() + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("```bash\n", at)) >= 0) {
            int close = section.indexOf("\n```", at + 8);
            blocks.add(section.substring(at + 8, close + 1));
            at = close + 4;
        }
        return blocks;
    }

    /** A scratch directory with the repository's {@code bin/} scripts and examples, and the stack's admin token. */
    private static Path checkoutLike(TiffinStack stack) throws IOException {
        Path dir = Files.createDirectories(stack.repoRoot.resolve("e2e-tests/target/walkthrough"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        try (Stream<Path> scripts = Files.list(stack.repoRoot.resolve("bin"))) {
            for (Path script : scripts.filter(Files::isRegularFile).toList()) {
                Path link = bin.resolve(script.getFileName());
                Files.deleteIfExists(link);
                // a link: bin/tiffin finds the CLI jar of the checkout through it
                Files.createSymbolicLink(link, script);
            }
        }
        Path examples = dir.resolve("examples");
        Files.deleteIfExists(examples);
        Files.createSymbolicLink(examples, stack.repoRoot.resolve("examples"));
        Files.createDirectories(dir.resolve(".tiffin"));
        Files.writeString(dir.resolve(".tiffin/admin-token"), stack.adminToken);
        return dir;
    }
}
