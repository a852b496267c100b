package dev.tiffin.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Points a {@code @QuarkusTest} application at the local PostgreSQL test database that {@code bin/test-env} prepares,
 * after checking that it answers.
 *
 * <p>The URL comes from the system property {@value #URL_PROPERTY} (default {@value #DEFAULT_URL}); user and password
 * from {@value #USER_PROPERTY} and {@value #PASSWORD_PROPERTY} (default {@code tiffin}/{@code tiffin}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "tiffin.test.pg.url";
    public static final String USER_PROPERTY = "tiffin.test.pg.user";
    public static final String PASSWORD_PROPERTY = "tiffin.test.pg.password";
    public static final String DEFAULT_URL = "postgresql://127.0.0.1:5432/tiffin_test";

    @Override
    public Map<String, String> start() {
        String url = property(URL_PROPERTY, DEFAULT_URL);
        if (url.startsWith("jdbc:")) {
            url = url.substring("jdbc:".length());
        }
        String user = property(USER_PROPERTY, "tiffin");
        String password = property(PASSWORD_PROPERTY, "tiffin");
        check(url, user, password);
        return Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:" + url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    @Override
    public void stop() {
        // the database belongs to the machine, not to the test
    }

    /** Fails fast, with what to do, when the database does not answer. */
    static void check(String url, String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        // the driver directly: DriverManager may not see it from Quarkus's test class loader
        try (Connection c = new org.postgresql.Driver().connect("jdbc:" + url, props)) {
            if (c == null || !c.isValid(5)) {
                throw new IllegalStateException("PostgreSQL at " + url + " did not answer");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL test database " + url + " (user " + user + ") is not reachable: " + e.getMessage()
                            + ". Run bin/test-env from the repository root (it installs and starts PostgreSQL and"
                            + " creates the tiffin role and the tiffin_test database), or set -D" + URL_PROPERTY
                            + "=postgresql://host:port/db.",
                    e);
        }
    }

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
