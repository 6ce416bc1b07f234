package dev.tunnelgate.networks;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.SafeText;
import dev.tunnelgate.wgconfig.Endpoint;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Checks every field of a network's form data and returns the typed settings; the first problem is thrown. */
final class NetworkValidator {
    static final int MAX_LIST = 32;

    private NetworkValidator() {}

    static NetworkSettings validate(NetworkSpec spec) {
        var name = SafeText.clean(spec.name(), NetworkField.NAME, 1, NetworkSpec.NAME_MAX);
        var ipv4 = pool(spec.ipv4Pool(), NetworkField.IPV4_POOL, true, 8, 30);
        var ipv6 = spec.ipv6Pool() == null || spec.ipv6Pool().isBlank()
                ? null
                : pool(spec.ipv6Pool(), NetworkField.IPV6_POOL, false, 64, 124);
        var gateways =
                list(spec.gatewayAddresses(), NetworkField.GATEWAY_ADDRESSES, text -> gatewayAddress(text, ipv4, ipv6));
        var dns = list(
                spec.dnsServers(),
                NetworkField.DNS_SERVERS,
                text -> parse(NetworkField.DNS_SERVERS, () -> IpAddresses.parse(text, "DNS server")));
        if (dns.size() > 4) {
            throw new InvalidInputException(NetworkField.DNS_SERVERS, Message.of("refusals.network.dns-servers", 4));
        }
        range(spec.mtu(), NetworkField.MTU, 1280, 9000);
        range(spec.persistentKeepalive(), NetworkField.PERSISTENT_KEEPALIVE, 0, 65535);
        range(spec.devicesPerUser(), NetworkField.DEVICES_PER_USER, 1, 100);
        var endpoint = endpoint(spec.endpoint());
        var allowed = spec.tunnelMode() == TunnelMode.FULL
                ? List.<IpPrefix>of()
                : list(spec.allowedIps(), NetworkField.ALLOWED_IPS, NetworkValidator::networkPrefix);
        if (spec.tunnelMode() == TunnelMode.SPLIT && allowed.isEmpty()) {
            throw new InvalidInputException(NetworkField.ALLOWED_IPS, Message.of("refusals.network.split-tunnel"));
        }
        var groups = spec.approvalMode() != ApprovalMode.GROUPS
                ? List.<String>of()
                : list(
                        spec.autoApproveGroups(),
                        NetworkField.AUTO_APPROVE_GROUPS,
                        g -> parse(NetworkField.AUTO_APPROVE_GROUPS, () -> SafeText.clean(g, "Group", 1, 100)));
        if (spec.approvalMode() == ApprovalMode.GROUPS && groups.isEmpty()) {
            throw new InvalidInputException(
                    NetworkField.AUTO_APPROVE_GROUPS, Message.of("refusals.network.approval-groups"));
        }
        var keyText = spec.gatewayPublicKey();
        var gatewayKey = keyText == null || keyText.isBlank()
                ? null
                : parse(NetworkField.GATEWAY_PUBLIC_KEY, () -> WgKey.parsePublic(keyText.strip()));
        return new NetworkSettings(
                name,
                ipv4,
                ipv6,
                gateways,
                dns,
                spec.mtu(),
                spec.persistentKeepalive(),
                endpoint,
                spec.tunnelMode(),
                allowed,
                spec.approvalMode(),
                groups,
                spec.devicesPerUser(),
                gatewayKey,
                spec.openWithoutPolicies());
    }

    private static IpPrefix pool(String text, NetworkField field, boolean ipv4, int minPrefix, int maxPrefix) {
        var label = field.label();
        var clean = SafeText.clean(text, field, 1, 43);
        var prefix = parse(field, () -> IpPrefix.parse(clean));
        if (prefix.isIPv4() != ipv4) {
            throw new InvalidInputException(
                    field, Message.of(ipv4 ? "refusals.network.pool.ipv4" : "refusals.network.pool.ipv6", label));
        }
        if (!prefix.isNetwork()) {
            throw new InvalidInputException(
                    field,
                    Message.of(
                            "refusals.network.host-bits",
                            label,
                            prefix.network().toString()));
        }
        if (prefix.prefixLength() < minPrefix || prefix.prefixLength() > maxPrefix) {
            throw new InvalidInputException(
                    field, Message.of("refusals.network.pool.size", label, minPrefix, maxPrefix));
        }
        return prefix;
    }

    private static IPAddress gatewayAddress(String text, IpPrefix ipv4, @Nullable IpPrefix ipv6) {
        var address = parse(NetworkField.GATEWAY_ADDRESSES, () -> IpAddresses.parse(text, "Gateway address"));
        var pool = address.isIPv4() ? ipv4 : ipv6;
        if (pool == null || !pool.contains(address)) {
            throw new InvalidInputException(
                    NetworkField.GATEWAY_ADDRESSES,
                    Message.of("refusals.network.gateway-address.outside", address.toCanonicalString()));
        }
        var block = pool.block();
        if (address.equals(block.getLower()) || (address.isIPv4() && address.equals(block.getUpper()))) {
            throw new InvalidInputException(
                    NetworkField.GATEWAY_ADDRESSES,
                    Message.of("refusals.network.gateway-address.reserved", address.toCanonicalString()));
        }
        return address;
    }

    private static IpPrefix networkPrefix(String text) {
        var prefix = parse(NetworkField.ALLOWED_IPS, () -> IpPrefix.parse(text));
        if (!prefix.isNetwork()) {
            throw new InvalidInputException(
                    NetworkField.ALLOWED_IPS,
                    Message.of(
                            "refusals.network.host-bits", text, prefix.network().toString()));
        }
        return prefix;
    }

    private static Endpoint endpoint(String text) {
        var clean = SafeText.clean(text, NetworkField.ENDPOINT, 3, 300);
        return parse(NetworkField.ENDPOINT, () -> Endpoint.parse(clean));
    }

    private static void range(int value, NetworkField field, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, Message.of("refusals.network.range", field.label(), min, max));
        }
    }

    private static <T> List<T> list(List<String> items, NetworkField field, Function<String, T> canonical) {
        if (items.size() > MAX_LIST) {
            throw new InvalidInputException(field, Message.of("refusals.network.entries", MAX_LIST));
        }
        var result = new LinkedHashSet<T>();
        for (var item : items) {
            var text = SafeText.clean(item, field, 1, 100);
            result.add(canonical.apply(text));
        }
        return new ArrayList<>(result);
    }

    /**
     * Parser errors of the config model become errors of the form field; an error that names only the noun of one
     * item ("DNS server", "Group") keeps its message and gets the list's field.
     */
    private static <T> T parse(NetworkField field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidInputException e) {
            if (e.field() != null) {
                throw e;
            }
            var text = e.message();
            throw new InvalidInputException(
                    field,
                    text != null
                            ? text
                            : Message.of(
                                    "refusals.network.parser",
                                    Objects.requireNonNullElse(e.getMessage(), field.label())));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    field, Message.of("refusals.network.invalid", field.label(), String.valueOf(e.getMessage())));
        }
    }
}
