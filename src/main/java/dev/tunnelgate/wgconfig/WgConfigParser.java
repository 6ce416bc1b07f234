package dev.tunnelgate.wgconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses a wg-quick client config strictly: unknown keys, hooks, duplicated single-valued keys and
 * invalid values are errors, with the line number and without echoing the offending text.
 * Like wg, it ignores {@code #} comments and the case of keys and section names, and accepts CRLF.
 */
public final class WgConfigParser {
    private static final Pattern KEY = Pattern.compile("[A-Za-z]{1,32}");
    private static final Set<String> HOOKS = Set.of("preup", "postup", "predown", "postdown");
    private static final Set<String> UNSUPPORTED = Set.of("table", "saveconfig", "listenport", "fwmark");

    private final List<PeerBuilder> peers = new ArrayList<>();
    private @Nullable String deviceName;
    private @Nullable InterfaceBuilder iface;
    private @Nullable SectionBuilder current;
    private int lineNumber;

    private WgConfigParser() {}

    public static ClientConfig parse(String text) {
        return new WgConfigParser().parseAll(text);
    }

    private ClientConfig parseAll(String text) {
        String[] lines = text.split("\n", -1);
        for (String raw : lines) {
            lineNumber++;
            parseLine(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw);
        }
        if (iface == null) {
            throw new InvalidConfigException("Config has no [Interface] section");
        }
        InterfaceSection section = iface.build();
        List<PeerSection> built = peers.stream().map(PeerBuilder::build).toList();
        try {
            return new ClientConfig(deviceName, section, built);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(Objects.requireNonNullElse(e.getMessage(), "Invalid config"), e);
        }
    }

    private void parseLine(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                throw error("contains a control character or line break");
            }
        }
        if (raw.startsWith(WgConfigRenderer.HEADER_PREFIX) && iface == null && peers.isEmpty()) {
            if (deviceName != null) {
                throw error("has a second Tunnelgate header comment");
            }
            deviceName = raw.substring(WgConfigRenderer.HEADER_PREFIX.length());
            return;
        }
        int comment = raw.indexOf('#');
        String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("[")) {
            startSection(line);
            return;
        }
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw error("is not a section header or a 'Key = Value' line");
        }
        String key = line.substring(0, equals).strip();
        if (!KEY.matcher(key).matches()) {
            throw error("has a malformed key");
        }
        assign(key, line.substring(equals + 1).strip());
    }

    private void startSection(String line) {
        switch (line.toLowerCase(Locale.ROOT)) {
            case "[interface]" -> {
                if (iface != null) {
                    throw error("starts a second [Interface] section");
                }
                iface = new InterfaceBuilder();
                current = iface;
            }
            case "[peer]" -> {
                PeerBuilder peer = new PeerBuilder(peers.size() + 1);
                peers.add(peer);
                current = peer;
            }
            default -> throw error("starts an unknown section; only [Interface] and [Peer] are allowed");
        }
    }

    private void assign(String key, String value) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (HOOKS.contains(lower)) {
            throw error("has " + key + ", a hook that runs shell commands; Tunnelgate configs never contain hooks");
        }
        if (UNSUPPORTED.contains(lower)) {
            throw error("has " + key + ", which a Tunnelgate client config does not use");
        }
        if (current == null) {
            throw error("has " + key + " before any [Interface] or [Peer] section");
        }
        if (value.isEmpty()) {
            throw error("has no value for " + key);
        }
        boolean known;
        try {
            known = current.accept(lower, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Line %d (%s): %s".formatted(lineNumber, key, e.getMessage()), e);
        }
        if (!known) {
            throw error("has unknown key " + key + " in " + current.name());
        }
    }

    private InvalidConfigException error(String problem) {
        return new InvalidConfigException("Line %d %s".formatted(lineNumber, problem));
    }

    static List<String> splitList(String value, String key) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String stripped = item.strip();
            if (stripped.isEmpty()) {
                throw new InvalidConfigException(key + " has an empty entry");
            }
            items.add(stripped);
        }
        return items;
    }

    static <T> T once(@Nullable T existing, T value, String key) {
        if (existing != null) {
            throw new InvalidConfigException(key + " appears twice in the same section");
        }
        return value;
    }
}
