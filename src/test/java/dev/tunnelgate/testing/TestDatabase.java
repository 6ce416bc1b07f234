package dev.tunnelgate.testing;

import org.jspecify.annotations.Nullable;

/** Which database the integration tests run on. */
public final class TestDatabase {
    private TestDatabase() {}

    public static @Nullable String postgresUrl() {
        var url = property("tunnelgate.test.postgres.url");
        return url.isBlank() ? null : url;
    }

    public static String postgresUser() {
        var user = property("tunnelgate.test.postgres.user");
        return user.isBlank() ? "postgres" : user;
    }

    public static String postgresPassword() {
        return property("tunnelgate.test.postgres.password");
    }

    /** A property the build passes from an environment variable; an unset variable arrives as "${env.…}". */
    private static String property(String name) {
        var value = System.getProperty(name, "");
        return value.startsWith("${") ? "" : value;
    }
}
