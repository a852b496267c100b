package dev.tiffin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiffin.contracts.json.TiffinJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the CLI finds its server and token: the {@code --server}/{@code --token} flags, then the environment
 * ({@code TIFFIN_SERVER}, {@code TIFFIN_TOKEN}), then the config file {@code ~/.config/tiffin/config.json}, then the
 * default server {@value #DEFAULT_SERVER} (and no token). Each of the two is resolved on its own.
 */
public record Settings(String server, String serverSource, String token, String tokenSource) {

    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    public static final String ENV_SERVER = "TIFFIN_SERVER";
    public static final String ENV_TOKEN = "TIFFIN_TOKEN";

    /** The config file under a home directory: {@code <home>/.config/tiffin/config.json}. */
    public static Path configFile(Path home) {
        return home.resolve(".config").resolve("tiffin").resolve("config.json");
    }

    public static Settings resolve(String flagServer, String flagToken, Map<String, String> env, Path configFile) {
        JsonNode file = readConfig(configFile);
        String server = DEFAULT_SERVER;
        String serverSource = "default";
        String fileServer = text(file, "server");
        if (notBlank(flagServer)) {
            server = flagServer;
            serverSource = "--server";
        } else if (notBlank(env.get(ENV_SERVER))) {
            server = env.get(ENV_SERVER);
            serverSource = ENV_SERVER;
        } else if (notBlank(fileServer)) {
            server = fileServer;
            serverSource = configFile.toString();
        }
        String token = null;
        String tokenSource = "none";
        String fileToken = text(file, "token");
        if (notBlank(flagToken)) {
            token = flagToken;
            tokenSource = "--token";
        } else if (notBlank(env.get(ENV_TOKEN))) {
            token = env.get(ENV_TOKEN);
            tokenSource = ENV_TOKEN;
        } else if (notBlank(fileToken)) {
            token = fileToken;
            tokenSource = configFile.toString();
        }
        return new Settings(
                stripTrailingSlash(server.trim()), serverSource, token == null ? null : token.trim(), tokenSource);
    }

    /** Writes the config file (parent directories 0700, the file 0600 where the file system has POSIX permissions). */
    public static void write(Path configFile, String server, String token) {
        ObjectNode node = TiffinJson.mapper().createObjectNode();
        node.put("server", server);
        if (token != null) {
            node.put("token", token);
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = configFile.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = dir.resolve(configFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (posix) {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            String json = TiffinJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readConfig(Path configFile) {
        if (configFile == null || !Files.isRegularFile(configFile)) {
            return null;
        }
        try {
            JsonNode node = TiffinJson.mapper().readTree(Files.readString(configFile, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new CliException(ExitCodes.UNEXPECTED, configFile + ": expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String stripTrailingSlash(String url) {
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
