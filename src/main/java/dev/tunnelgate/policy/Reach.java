package dev.tunnelgate.policy;

import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * One destination a device reaches, with every enabled policy that grants it (two policies may grant the same
 * destination). An open network without policies reaches "everything the gateway routes" through no policy.
 */
public record Reach(long destinationId, String destinationName, AccessRule rule, List<String> policyNames) {
    /** The key of the name {@link AccessGrants} gives the implicit grant of an open network. */
    static final String EVERYTHING = "policy.reach.everything";

    public Reach {
        policyNames = List.copyOf(policyNames);
    }

    /** The grants of one device folded by destination (and rule), in the order {@link AccessGrants} found them. */
    public static List<Reach> of(List<AccessGrants.Granted> granted) {
        var byDestination = new LinkedHashMap<Key, Reach>();
        for (var g : granted) {
            var key = new Key(g.destinationId(), g.rule());
            var reach = byDestination.computeIfAbsent(
                    key, k -> new Reach(k.destinationId(), g.destinationName(), k.rule(), new ArrayList<>()));
            if (!g.openNetwork() && !reach.policyNames().contains(g.policyName())) {
                var policies = new ArrayList<>(reach.policyNames());
                policies.add(g.policyName());
                byDestination.put(key, new Reach(key.destinationId(), reach.destinationName(), key.rule(), policies));
            }
        }
        var result = new ArrayList<>(byDestination.values());
        return List.copyOf(result);
    }

    /** What decides equality of access: the same destination with the same traffic, whichever policy grants it. */
    record Key(long destinationId, AccessRule rule) {}

    Key key() {
        return new Key(destinationId, rule);
    }

    /** Granted by the setting of an open network without policies rather than by a policy. */
    public boolean openNetwork() {
        return destinationId == AccessGrants.OPEN_NETWORK;
    }

    /** {@code tcp 443, 8000-8080}, {@code udp 53}, {@code icmp} or {@code any protocol}. */
    public String trafficText() {
        return trafficText(rule.protocol(), rule.ports());
    }

    static String trafficText(AccessProtocol protocol, List<PortRange> ports) {
        if (protocol == AccessProtocol.ANY) {
            return PolicyTexts.text("policy.reach.any-protocol");
        }
        var name = protocol.name().toLowerCase(Locale.ROOT);
        return ports.isEmpty()
                ? name
                : name + " "
                        + String.join(
                                ", ", ports.stream().map(PortRange::toString).toList());
    }

    /** {@code Wiki (tcp 443)}, or "Everything the gateway routes" for an open network. */
    public String label() {
        return openNetwork() ? PolicyTexts.text(EVERYTHING) : destinationName + " (" + trafficText() + ")";
    }

    /** The destination's prefixes, comma-separated. */
    public String prefixesText() {
        return String.join(", ", rule.prefixes().stream().map(Object::toString).toList());
    }

    /** The policies that grant it, or what grants it without a policy. */
    public String grantedBy() {
        return openNetwork() ? PolicyTexts.text("policy.reach.open-network") : String.join(", ", policyNames);
    }
}
