package dev.tiffin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
        name = "tiffin",
        mixinStandardHelpOptions = true,
        versionProvider = TiffinCommand.Version.class,
        description = "Command-line client of Tiffin, the self-hosted control plane for BentoML deployments.",
        subcommands = {
            DeploymentCommand.class,
            RolloutCommand.class,
            TokenCommand.class,
            LoginCommand.class,
            ConfigCommand.class,
            picocli.CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Server and token, first found: --server/--token; TIFFIN_SERVER/TIFFIN_TOKEN;",
            "~/.config/tiffin/config.json (written by 'tiffin login'); " + Settings.DEFAULT_SERVER + ".",
            "",
            "Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 invalid input, 4 not found,",
            "5 conflict or precondition, 6 auth, 7 timeout, 8 rollout failed, 9 server unavailable.",
            "See cli/README.md."
        })
public final class TiffinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Io io;

    @Option(
            names = "--server",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description =
                    "Tiffin API URL (default: $TIFFIN_SERVER, the config file, or " + Settings.DEFAULT_SERVER + ")")
    String server;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "API token (default: $TIFFIN_TOKEN or the config file)")
    String token;

    public TiffinCommand(Io io) {
        this.io = io;
    }

    public Io io() {
        return io;
    }

    public Settings settings() {
        return Settings.resolve(server, token, io.env(), io.configFile());
    }

    public ApiClient client() {
        Settings s = settings();
        return new ApiClient(s.server(), s.token());
    }

    @Override
    public Integer call() {
        io.err().println("Missing command.");
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TiffinCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tiffin " + (v == null ? "development build" : v)};
        }
    }
}
