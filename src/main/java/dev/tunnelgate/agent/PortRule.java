package dev.tunnelgate.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code ip rule} for UDP from WireGuard's listen port at a preference of the agent's own: the holder's
 * {@code lookup <table>} ({@link SourceRoute}) and the standby's {@code blackhole} ({@link StandbyBlock}) are the two.
 * One place for the command, for reading {@code ip rule show} back, and for removing every rule at the preference.
 */
final class PortRule {
    /** At most this many rules are removed at one preference (one added by hand, a crash between del and add). */
    private static final int MAX_REMOVED = 16;

    private PortRule() {}

    /** {@code ip <family> rule <verb> pref <preference> ipproto udp sport <port> <action…>}. */
    static List<String> command(String family, String verb, int preference, int listenPort, List<String> action) {
        var command = new ArrayList<>(List.of(
                "ip",
                family,
                "rule",
                verb,
                "pref",
                Integer.toString(preference),
                "ipproto",
                "udp",
                "sport",
                Integer.toString(listenPort)));
        command.addAll(action);
        return List.copyOf(command);
    }

    /** {@code ip -o <family> rule show pref <preference>}. */
    static List<String> show(String family, int preference) {
        return List.of("ip", "-o", family, "rule", "show", "pref", Integer.toString(preference));
    }

    /** Whether {@code shown} is exactly one rule at the preference, for the port, with the action. */
    static boolean matches(String shown, int preference, int listenPort, List<String> action) {
        String[] lines = shown.strip().split("\n");
        return lines.length == 1
                && lines[0].startsWith(preference + ":")
                && lines[0].contains(" ipproto udp sport " + listenPort + " " + String.join(" ", action));
    }

    /** Removes every rule at the preference; idempotent ({@code ip} fails once none is left). */
    static void removeAll(ProcessRunner runner, String family, int preference) throws IOException {
        for (int i = 0; i < MAX_REMOVED; i++) {
            var result =
                    runner.execute(List.of("ip", family, "rule", "del", "pref", Integer.toString(preference)), null);
            if (result.exitCode() != 0) {
                return;
            }
        }
    }
}
