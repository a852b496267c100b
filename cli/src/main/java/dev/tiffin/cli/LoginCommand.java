package dev.tiffin.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Save the server URL and token in ~/.config/tiffin/config.json (mode 0600).",
        footer = {
            "",
            "Examples:",
            "  tiffin login --server https://tiffin.example.com --token tfn_...",
            "  pass show tiffin | tiffin login --server https://tiffin.example.com --token-stdin"
        })
final class LoginCommand extends BaseCommand {

    @Option(names = "--token-stdin", description = "read the token from standard input (keeps it out of shell history)")
    boolean tokenStdin;

    @Override
    public Integer call() {
        TiffinCommand root = root();
        String server = root.server;
        String token = root.token;
        if (tokenStdin) {
            if (token != null) {
                throw new CliException(ExitCodes.USAGE, "give --token or --token-stdin, not both");
            }
            try {
                String line = new BufferedReader(new InputStreamReader(io().in(), StandardCharsets.UTF_8)).readLine();
                token = line == null ? null : line.trim();
            } catch (IOException e) {
                throw new CliException(ExitCodes.UNEXPECTED, "cannot read the token from stdin: " + e.getMessage());
            }
            if (token == null || token.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no token on standard input");
            }
        }
        if (server == null && token == null) {
            throw new CliException(ExitCodes.USAGE, "login needs --server URL and/or --token TOKEN");
        }
        // keep what the file has for whichever of the two is not given
        Settings current = Settings.resolve(null, null, java.util.Map.of(), io().configFile());
        String newServer = server != null ? server : current.server();
        String newToken = token != null ? token : current.token();
        Settings.write(io().configFile(), newServer, newToken);
        io().out()
                .println("saved server " + newServer + (newToken == null ? "" : " and token") + " to "
                        + io().configFile());
        return ExitCodes.OK;
    }
}
