package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.ip.IpPrefixes;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.PortRange;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
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
            throw new InvalidInputException(DestinationField.PROTOCOL, Message.of("refusals.policy.protocol"));
        }
        var ports = ports(spec.ports(), protocol);
        return new DestinationSettings(name, prefixes, protocol, ports);
    }

    private static List<IpPrefix> prefixes(List<String> items) {
        var field = DestinationField.PREFIXES;
        if (items.isEmpty()) {
            throw new InvalidInputException(field, Message.of("refusals.policy.prefix.none"));
        }
        if (items.size() > MAX_PREFIXES) {
            throw new InvalidInputException(
                    field, Message.of("refusals.policy.prefix.too-many", MAX_PREFIXES, items.size()));
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
                        field,
                        Message.of(
                                "refusals.policy.prefix.invalid",
                                i + 1,
                                Objects.requireNonNullElse(e.getMessage(), "not a prefix")));
            }
            if (!prefix.isNetwork()) {
                throw new InvalidInputException(
                        field,
                        Message.of(
                                "refusals.policy.prefix.host-bits",
                                i + 1,
                                prefix.network().toString()));
            }
            int twin = result.indexOf(prefix);
            if (twin >= 0) {
                throw new InvalidInputException(field, Message.of("refusals.policy.prefix.repeated", i + 1, twin + 1));
            }
            result.add(prefix);
        }
        return result.stream().sorted(IpPrefixes.ORDER).toList();
    }

    private static List<PortRange> ports(List<String> items, AccessProtocol protocol) {
        var field = DestinationField.PORTS;
        if (!protocol.hasPorts()) {
            if (!items.isEmpty()) {
                throw new InvalidInputException(field, Message.of("refusals.policy.port.not-taken"));
            }
            return List.of();
        }
        if (items.isEmpty()) {
            throw new InvalidInputException(field, Message.of("refusals.policy.port.none"));
        }
        if (items.size() > MAX_PORTS) {
            throw new InvalidInputException(
                    field, Message.of("refusals.policy.port.too-many", MAX_PORTS, items.size()));
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
                        field,
                        Message.of(
                                "refusals.policy.port.invalid",
                                i + 1,
                                Objects.requireNonNullElse(e.getMessage(), "not a port")));
            }
            for (int j = 0; j < result.size(); j++) {
                if (result.get(j).overlaps(range)) {
                    var key = result.get(j).equals(range)
                            ? "refusals.policy.port.repeated"
                            : "refusals.policy.port.overlapping";
                    throw new InvalidInputException(field, Message.of(key, i + 1, j + 1));
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
            var text = e.message();
            throw new InvalidInputException(
                    field,
                    text != null
                            ? text
                            : Message.of("refusals.policy.parser", Objects.requireNonNullElse(e.getMessage(), label)));
        }
    }
}
