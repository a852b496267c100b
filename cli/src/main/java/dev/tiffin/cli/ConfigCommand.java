package dev.tiffin.cli;

import picocli.CommandLine.Command;

@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Show which server and token the CLI uses, and where each comes from (never the token itself).")
final class ConfigCommand extends BaseCommand {

    @Override
    public Integer call() {
        Settings s = root().settings();
        io().out().println("server: " + s.server() + "  (from " + s.serverSource() + ")");
        io().out().println("token:  " + (s.token() == null ? "none" : "set") + "  (from " + s.tokenSource() + ")");
        io().out().println("config: " + io().configFile());
        return ExitCodes.OK;
    }
}
