package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.ip.IpPrefixes;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.PortRange;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a destination's form data and returns its typed settings; the first problem is thrown. Messages name a
 * list item by its position and never repeat the text that was refused.
 */
final class DestinationValidator {
    static final int MAX_PREFIXES = 256;
    static final int MAX_PORTS = 100;

    private DestinationValidator() {}

    static DestinationSettings validate(DestinationSpec spec) {
        var name = SafeText.clean(spec.name(), DestinationField.NAME, 1, DestinationSpec.NAME_MAX);
        var prefixes = prefixes(spec.prefixes());
        var protocol = spec.protocol();
        if (protocol == null) {
            throw new InvalidInputException(DestinationField.PROTOCOL, "Choose a protocol: any, tcp, udp or icmp");
        }
        var ports = ports(spec.ports(), protocol);
        return new DestinationSettings(name, prefixes, protocol, ports);
    }

    private static List<IpPrefix> prefixes(List<String> items) {
        var field = DestinationField.PREFIXES;
        if (items.isEmpty()) {
            throw new InvalidInputException(field, "Name at least one prefix, e.g. 10.1.0.0/16");
        }
        if (items.size() > MAX_PREFIXES) {
            throw new InvalidInputException(
                    field, "At most %d prefixes (there are %d)".formatted(MAX_PREFIXES, items.size()));
        }
        var result = new ArrayList<IpPrefix>();
        for (int i = 0; i < items.size(); i++) {
            var label = "Prefix " + (i + 1);
            var text = clean(items.get(i), field, label, 50);
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        field, "%s: %s".formatted(label, Objects.requireNonNullElse(e.getMessage(), "not a prefix")));
            }
            if (!prefix.isNetwork()) {
                throw new InvalidInputException(
                        field, "%s has host bits set; did you mean %s?".formatted(label, prefix.network()));
            }
            int twin = result.indexOf(prefix);
            if (twin >= 0) {
                throw new InvalidInputException(field, "%s repeats prefix %d".formatted(label, twin + 1));
            }
            result.add(prefix);
        }
        return result.stream().sorted(IpPrefixes.ORDER).toList();
    }

    private static List<PortRange> ports(List<String> items, AccessProtocol protocol) {
        var field = DestinationField.PORTS;
        if (!protocol.hasPorts()) {
            if (!items.isEmpty()) {
                throw new InvalidInputException(field, "Only tcp and udp destinations take ports; leave ports empty");
            }
            return List.of();
        }
        if (items.isEmpty()) {
            throw new InvalidInputException(field, "A tcp or udp destination needs at least one port, e.g. 443");
        }
        if (items.size() > MAX_PORTS) {
            throw new InvalidInputException(
                    field, "At most %d ports and ranges (there are %d)".formatted(MAX_PORTS, items.size()));
        }
        var result = new ArrayList<PortRange>();
        for (int i = 0; i < items.size(); i++) {
            var label = "Port " + (i + 1);
            var text = clean(items.get(i), field, label, 11);
            PortRange range;
            try {
                range = PortRange.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        field, "%s: %s".formatted(label, Objects.requireNonNullElse(e.getMessage(), "not a port")));
            }
            for (int j = 0; j < result.size(); j++) {
                if (result.get(j).overlaps(range)) {
                    var what = result.get(j).equals(range) ? "repeats" : "overlaps";
                    throw new InvalidInputException(field, "%s %s port %d".formatted(label, what, j + 1));
                }
            }
            result.add(range);
        }
        return result.stream().sorted().toList();
    }

    /** One item of a list field: single-line text of at most {@code max} characters, errors naming its position. */
    private static String clean(String item, DestinationField field, String label, int max) {
        try {
            return SafeText.clean(item, label, 1, max);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, Objects.requireNonNullElse(e.getMessage(), label));
        }
    }
}
