package dev.tunnelgate.networks;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.text.InvalidInputException;
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
            throw new InvalidInputException(NetworkField.DNS_SERVERS, "At most 4 DNS servers");
        }
        range(spec.mtu(), NetworkField.MTU, 1280, 9000);
        range(spec.persistentKeepalive(), NetworkField.PERSISTENT_KEEPALIVE, 0, 65535);
        range(spec.devicesPerUser(), NetworkField.DEVICES_PER_USER, 1, 100);
        var endpoint = endpoint(spec.endpoint());
        var allowed = spec.tunnelMode() == TunnelMode.FULL
                ? List.<IpPrefix>of()
                : list(spec.allowedIps(), NetworkField.ALLOWED_IPS, NetworkValidator::networkPrefix);
        if (spec.tunnelMode() == TunnelMode.SPLIT && allowed.isEmpty()) {
            throw new InvalidInputException(
                    NetworkField.ALLOWED_IPS, "A split tunnel needs at least one allowed network, e.g. 10.0.0.0/8");
        }
        var groups = spec.approvalMode() != ApprovalMode.GROUPS
                ? List.<String>of()
                : list(
                        spec.autoApproveGroups(),
                        NetworkField.AUTO_APPROVE_GROUPS,
                        g -> parse(NetworkField.AUTO_APPROVE_GROUPS, () -> SafeText.clean(g, "Group", 1, 100)));
        if (spec.approvalMode() == ApprovalMode.GROUPS && groups.isEmpty()) {
            throw new InvalidInputException(
                    NetworkField.AUTO_APPROVE_GROUPS, "Name at least one group, or choose another approval mode");
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
            throw new InvalidInputException(field, "%s must be an %s network".formatted(label, ipv4 ? "IPv4" : "IPv6"));
        }
        if (!prefix.isNetwork()) {
            throw new InvalidInputException(
                    field, "%s has host bits set; did you mean %s?".formatted(label, prefix.network()));
        }
        if (prefix.prefixLength() < minPrefix || prefix.prefixLength() > maxPrefix) {
            throw new InvalidInputException(field, "%s must be a /%d to /%d".formatted(label, minPrefix, maxPrefix));
        }
        return prefix;
    }

    private static IPAddress gatewayAddress(String text, IpPrefix ipv4, @Nullable IpPrefix ipv6) {
        var address = parse(NetworkField.GATEWAY_ADDRESSES, () -> IpAddresses.parse(text, "Gateway address"));
        var pool = address.isIPv4() ? ipv4 : ipv6;
        if (pool == null || !pool.contains(address)) {
            throw new InvalidInputException(
                    NetworkField.GATEWAY_ADDRESSES,
                    "Gateway address %s is not inside a pool of this network".formatted(address.toCanonicalString()));
        }
        var block = pool.block();
        if (address.equals(block.getLower()) || (address.isIPv4() && address.equals(block.getUpper()))) {
            throw new InvalidInputException(
                    NetworkField.GATEWAY_ADDRESSES,
                    "Gateway address %s is the network or broadcast address".formatted(address.toCanonicalString()));
        }
        return address;
    }

    private static IpPrefix networkPrefix(String text) {
        var prefix = parse(NetworkField.ALLOWED_IPS, () -> IpPrefix.parse(text));
        if (!prefix.isNetwork()) {
            throw new InvalidInputException(
                    NetworkField.ALLOWED_IPS,
                    "%s has host bits set; did you mean %s?".formatted(text, prefix.network()));
        }
        return prefix;
    }

    private static Endpoint endpoint(String text) {
        var clean = SafeText.clean(text, NetworkField.ENDPOINT, 3, 300);
        return parse(NetworkField.ENDPOINT, () -> Endpoint.parse(clean));
    }

    private static void range(int value, NetworkField field, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, "%s must be between %d and %d".formatted(field.label(), min, max));
        }
    }

    private static <T> List<T> list(List<String> items, NetworkField field, Function<String, T> canonical) {
        if (items.size() > MAX_LIST) {
            throw new InvalidInputException(field, "At most %d entries".formatted(MAX_LIST));
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
            throw new InvalidInputException(field, Objects.requireNonNullElse(e.getMessage(), field.label()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, field.label() + ": " + e.getMessage());
        }
    }
}
