package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ArgumentParsingTest {

    @TempDir
    Path home;

    private <T> T parse(Class<T> type, String... args) {
        CommandLine cmd = Tiffin.commandLine(new TestIo(home, Map.of()).io);
        ParseResult result = cmd.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void createWithEverything() {
        DeploymentCommand.Create c = parse(
                DeploymentCommand.Create.class,
                "deployment",
                "create",
                "-f",
                "d.yaml",
                "--cluster",
                "gpu",
                "-n",
                "ml",
                "--wait",
                "--timeout",
                "10m",
                "-o",
                "YAML");
        assertThat(c.file).isEqualTo("d.yaml");
        assertThat(c.target.cluster).isEqualTo("gpu");
        assertThat(c.target.namespace).isEqualTo("ml");
        assertThat(c.waiting.mode()).isEqualTo("ready");
        assertThat(c.waiting.timeoutSeconds).isEqualTo(600L);
        assertThat(c.output).isEqualTo(OutputFormat.yaml);
    }

    @Test
    void waitModes() {
        assertThat(parse(DeploymentCommand.Update.class, "deployment", "update", "-f", "d.json")
                        .waiting
                        .mode())
                .isEqualTo("accepted");
        assertThat(parse(DeploymentCommand.Restart.class, "deploy", "restart", "iris", "--no-wait")
                        .waiting
                        .mode())
                .isEqualTo("none");
    }

    @Test
    void globalOptionsAnywhere() {
        TestIo t = new TestIo(home, Map.of());
        CommandLine cmd = Tiffin.commandLine(t.io);
        cmd.parseArgs("deployment", "list", "--server", "http://x:1", "--token", "abc", "-l", "a=b", "-l", "c=d");
        TiffinCommand root = cmd.getCommand();
        assertThat(root.settings().server()).isEqualTo("http://x:1");
        assertThat(root.settings().token()).isEqualTo("abc");

        DeploymentCommand.ListDeployments list = parse(
                DeploymentCommand.ListDeployments.class,
                "--server",
                "http://y:2",
                "deployments",
                "ls",
                "--status",
                "running",
                "-l",
                "a=b",
                "--label",
                "c=d",
                "--page",
                "2",
                "--page-size",
                "10");
        assertThat(list.labels).containsExactly("a=b", "c=d");
        assertThat(list.status).isEqualTo("running");
        assertThat(list.page).isEqualTo(2);
        assertThat(list.pageSize).isEqualTo(10);
    }

    @Test
    void tokenCreate() {
        TokenCommand.Create c = parse(
                TokenCommand.Create.class,
                "token",
                "create",
                "--name",
                "ci",
                "--scope",
                "deployments:read",
                "--scope",
                "deployments:write",
                "--deployment",
                "default/ml/iris",
                "--expires-in",
                "30d");
        assertThat(c.scopes).containsExactly("deployments:read", "deployments:write");
        assertThat(c.deployments).containsExactly("default/ml/iris");
        assertThat(c.expiresIn).isEqualTo(2_592_000L);
    }

    @Test
    void usageErrorsExitWith2() {
        for (List<String> args : List.<List<String>>of(
                List.of("deployment", "create"),
                List.of("deployment", "get"),
                List.of("deployment", "list", "-o", "xml"),
                List.of("deployment", "create", "-f", "d.json", "--timeout", "soon"),
                List.of("token", "create", "--name", "x"),
                List.of("rollout"),
                List.of("rollout", "pause"),
                List.of("rollout", "restart", "iris"),
                List.of("rollout", "pause", "iris", "--wait"),
                List.of("deployment", "create", "-f", "d.json", "--idempotency-key"),
                List.of("nonsense"),
                List.of())) {
            TestIo t = new TestIo(home, Map.of());
            assertThat(t.run(args.toArray(String[]::new))).as("%s", args).isEqualTo(ExitCodes.USAGE);
            assertThat(t.err()).as("%s", args).isNotBlank();
        }
    }

    @Test
    void semanticUsageErrorsExitWith2() {
        TestIo t = new TestIo(home, Map.of());
        assertThat(t.run(
                        "deployment",
                        "create",
                        "-f",
                        home.resolve("missing.json").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(t.err()).contains("no such file");
        assertThat(new TestIo(home, Map.of()).run("deployment", "create", "-f", "-", "--wait", "--no-wait"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(new TestIo(home, Map.of())
                        .run("token", "create", "--name", "x", "--scope", "s", "--deployment", "iris"))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anIdempotencyKeyIsOneTo255VisibleAsciiCharacters() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        for (String key : List.of("", "two words", "x".repeat(256), "caf\u00e9")) {
            TestIo t = new TestIo(home, Map.of());
            assertThat(t.run("deployment", "create", "-f", file.toString(), "--idempotency-key", key))
                    .as("key '%s'", key)
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(t.err()).as("key '%s'", key).contains("--idempotency-key must be 1 to 255");
        }
        TestIo t = new TestIo(home, Map.of());
        assertThat(t.run("rollout", "pause", "iris", "--idempotency-key", " ")).isEqualTo(ExitCodes.USAGE);
        DeploymentCommand.Update update = parse(
                DeploymentCommand.Update.class, "deployment", "update", "-f", "d.json", "--idempotency-key", "k-1");
        assertThat(update.idempotency.checkedKey()).isEqualTo("k-1");
        RolloutCommand.Resume resume = parse(
                RolloutCommand.Resume.class, "rollout", "resume", "iris", "-n", "ml", "--wait", "--timeout", "5m");
        assertThat(resume.name).isEqualTo("iris");
        assertThat(resume.target.namespace).isEqualTo("ml");
        assertThat(resume.waiting.mode()).isEqualTo("ready");
        assertThat(resume.waiting.timeoutSeconds).isEqualTo(300L);
    }

    @Test
    void helpAndVersion() {
        TestIo t = new TestIo(home, Map.of());
        assertThat(t.run("--help")).isZero();
        assertThat(t.out()).contains("deployment", "token", "login", "Exit codes");
        assertThat(new TestIo(home, Map.of()).run("deployment", "events", "--help"))
                .isZero();
    }

    @Test
    void loginWritesTheConfigFileThatLaterRunsUse() {
        TestIo login = new TestIo(home, Map.of(), "tok-from-stdin\n");
        assertThat(login.run("login", "--server", "http://saved:9", "--token-stdin"))
                .isZero();
        TestIo config = new TestIo(home, Map.of());
        assertThat(config.run("config")).isZero();
        assertThat(config.out())
                .contains("server: http://saved:9", "token:  set")
                .doesNotContain("tok-from-stdin");
        assertThat(Settings.resolve(null, null, Map.of(), Settings.configFile(home))
                        .token())
                .isEqualTo("tok-from-stdin");
    }
}
