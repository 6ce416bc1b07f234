package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one device may reach through its gateway: a set of {@link AccessRule}s, canonical (rules with the
 * same protocol and ports merged, sorted by their text), and named by a {@link #key()} derived from its content.
 * Devices with the same access share a grant, so a gateway holds one nftables chain per distinct grant, however many
 * devices use it; the key is what a peer carries on the wire and in the peer-set hash, so the hash covers the rules.
 */
public record Grant(List<AccessRule> rules) {
    /** Hex digits of the key: 96 bits of SHA-256, short enough for an nftables chain name. */
    public static final int KEY_LENGTH = 24;

    public Grant {
        Objects.requireNonNull(rules, "rules");
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a grant has at least one rule; a device with none has no grant");
        }
        rules = canonical(rules);
    }

    /** The grant of these rules, or null when there are none (the device reaches nothing). */
    public static @org.jspecify.annotations.Nullable Grant of(Collection<AccessRule> rules) {
        return rules.isEmpty() ? null : new Grant(List.copyOf(rules));
    }

    private static List<AccessRule> canonical(List<AccessRule> rules) {
        Map<String, AccessRule> merged = new LinkedHashMap<>();
        for (AccessRule rule : rules) {
            merged.merge(
                    rule.protocol().name() + ' ' + rule.portsText(),
                    rule,
                    (a, b) -> new AccessRule(a.protocol(), a.ports(), concat(a.prefixes(), b.prefixes())));
        }
        var sorted = new ArrayList<>(merged.values());
        sorted.sort(java.util.Comparator.comparing(AccessRule::toString));
        return List.copyOf(sorted);
    }

    private static List<IpPrefix> concat(List<IpPrefix> a, List<IpPrefix> b) {
        var all = new ArrayList<IpPrefix>(a);
        all.addAll(b);
        return all;
    }

    /** Names the grant by its content: {@value #KEY_LENGTH} lower-case hex digits. */
    public String key() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (AccessRule rule : rules) {
                digest.update(rule.toString().getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, KEY_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Checks a key's form: {@value #KEY_LENGTH} lower-case hex digits. */
    public static String requireKey(String key) {
        if (key == null
                || key.length() != KEY_LENGTH
                || !key.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a grant key is " + KEY_LENGTH + " lower-case hex digits");
        }
        return key;
    }

    /** Every destination prefix the grant names, aggregated: what a split-tunnel client routes into the tunnel. */
    public List<IpPrefix> prefixes() {
        return dev.tunnelgate.ip.IpPrefixes.aggregate(
                rules.stream().flatMap(r -> r.prefixes().stream()).toList());
    }
}
