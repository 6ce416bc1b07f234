package dev.tunnelgate.agent;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The version the agent reports: the jar's Implementation-Version, or {@value #UNPACKAGED} outside a jar. */
final class AgentVersion {
    static final String UNPACKAGED = "dev";
    // What StatusReport accepts; a manifest is outside our control, so it is checked rather than trusted.
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._+-]{1,40}");

    private AgentVersion() {}

    static String current() {
        return orUnpackaged(AgentVersion.class.getPackage().getImplementationVersion());
    }

    static String orUnpackaged(@Nullable String version) {
        return version != null && ALLOWED.matcher(version).matches() ? version : UNPACKAGED;
    }
}
