package dev.tiffin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiffin.contracts.json.TiffinJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "token",
        aliases = "tokens",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Callable<Integer> {

    static final String BASE = "/v1/tokens";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an API token. Its secret is shown once: keep it.",
            footer = {
                "",
                "Examples:",
                "  tiffin token create --name ci --scope deployments:write --expires-in 30d",
                "  tiffin token create --name iris-reader --scope deployments:read --deployment default/ml/iris",
                "  export TIFFIN_TOKEN=$(tiffin token create --name ci --scope deployments:write -q)"
            })
    static final class Create extends BaseCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "what the token is for")
        String name;

        @Option(
                names = "--scope",
                required = true,
                paramLabel = "SCOPE",
                description = "a permission of the token (repeatable)")
        List<String> scopes = new ArrayList<>();

        @Option(
                names = "--deployment",
                paramLabel = "CLUSTER/NAMESPACE/NAME",
                description = "limit the token to this deployment (repeatable; default: all)")
        List<String> deployments = new ArrayList<>();

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                converter = Options.DurationConverter.class,
                description = "lifetime: seconds, or 12h, 30d, 2w (default: the server's)")
        Long expiresIn;

        @Option(
                names = {"-q", "--quiet"},
                description = "print only the token's secret")
        boolean quiet;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "table (default), json or yaml")
        OutputFormat output;

        @Override
        public Integer call() {
            for (String d : deployments) {
                if (d.split("/", -1).length != 3 || d.startsWith("/") || d.endsWith("/") || d.contains("//")) {
                    throw new CliException(
                            ExitCodes.USAGE, "--deployment wants CLUSTER/NAMESPACE/NAME, not '" + d + "'");
                }
            }
            ObjectNode body = TiffinJson.mapper().createObjectNode();
            body.put("name", name);
            ArrayNode s = body.putArray("scopes");
            scopes.forEach(s::add);
            if (!deployments.isEmpty()) {
                ArrayNode d = body.putArray("deployments");
                deployments.forEach(d::add);
            }
            if (expiresIn != null) {
                body.put("expires_in_seconds", expiresIn);
            }
            ApiResponse r = expectOk(client().send(
                            "POST",
                            BASE,
                            List.of(),
                            TiffinJson.write(body).getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            Map.of(),
                            null));
            JsonNode tok = Json.parse(r.body());
            if (quiet) {
                io().out().println(Json.text(tok, "token"));
                return ExitCodes.OK;
            }
            io().out()
                    .print(Render.format(output == null ? OutputFormat.table : output, r.body(), Render::createdToken));
            if (output == null || output == OutputFormat.table) {
                io().err().println("Keep the token now: it is not shown again.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "list",
            aliases = "ls",
            mixinStandardHelpOptions = true,
            description = "List API tokens (never their secrets).",
            footer = {"", "Example:", "  tiffin token list"})
    static final class ListTokens extends BaseCommand {
        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "table (default), json or yaml")
        OutputFormat output;

        @Override
        public Integer call() {
            ApiResponse r = expectOk(client().get(BASE, List.of()));
            io().out().print(Render.format(output == null ? OutputFormat.table : output, r.body(), Render::tokens));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "revoke",
            aliases = "delete",
            mixinStandardHelpOptions = true,
            description = "Revoke an API token.",
            footer = {"", "Example:", "  tiffin token revoke 7f3c2a"})
    static final class Revoke extends BaseCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            expectOk(client().send(
                            "DELETE",
                            BASE + "/" + DeploymentCommand.segment(id),
                            List.of(),
                            null,
                            null,
                            Map.of(),
                            null));
            io().out().println("token " + id + " revoked");
            return ExitCodes.OK;
        }
    }
}
