package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path home;

    private Path configWith(String json) throws Exception {
        Path file = Settings.configFile(home);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    @Test
    void defaultsWithoutAnything() {
        Settings s = Settings.resolve(null, null, Map.of(), Settings.configFile(home));
        assertThat(s.server()).isEqualTo("http://127.0.0.1:8080");
        assertThat(s.serverSource()).isEqualTo("default");
        assertThat(s.token()).isNull();
    }

    @Test
    void flagBeatsEnvironmentBeatsFile() throws Exception {
        Path file = configWith("{\"server\":\"http://file:1\",\"token\":\"file-token\"}");
        Map<String, String> env = Map.of("TIFFIN_SERVER", "http://env:2", "TIFFIN_TOKEN", "env-token");

        Settings flags = Settings.resolve("http://flag:3/", "flag-token", env, file);
        assertThat(flags.server()).isEqualTo("http://flag:3");
        assertThat(flags.token()).isEqualTo("flag-token");
        assertThat(flags.serverSource()).isEqualTo("--server");

        Settings fromEnv = Settings.resolve(null, null, env, file);
        assertThat(fromEnv.server()).isEqualTo("http://env:2");
        assertThat(fromEnv.token()).isEqualTo("env-token");
        assertThat(fromEnv.tokenSource()).isEqualTo("TIFFIN_TOKEN");

        Settings fromFile = Settings.resolve(null, null, Map.of(), file);
        assertThat(fromFile.server()).isEqualTo("http://file:1");
        assertThat(fromFile.token()).isEqualTo("file-token");
        assertThat(fromFile.serverSource()).isEqualTo(file.toString());
    }

    @Test
    void eachValueIsResolvedOnItsOwn() throws Exception {
        Path file = configWith("{\"server\":\"http://file:1\",\"token\":\"file-token\"}");
        Settings s = Settings.resolve(null, null, Map.of("TIFFIN_SERVER", "http://env:2", "TIFFIN_TOKEN", " "), file);
        assertThat(s.server()).isEqualTo("http://env:2");
        assertThat(s.token()).as("a blank variable counts as unset").isEqualTo("file-token");
    }

    @Test
    void writesTheFileReadableOnlyByTheUser() throws Exception {
        Path file = Settings.configFile(home);
        Settings.write(file, "https://tiffin.example.com", "secret");
        assertThat(Settings.resolve(null, null, Map.of(), file))
                .isEqualTo(new Settings("https://tiffin.example.com", file.toString(), "secret", file.toString()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }
}
