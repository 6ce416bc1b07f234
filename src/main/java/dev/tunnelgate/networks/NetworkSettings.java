package dev.tunnelgate.networks;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.wgconfig.Endpoint;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A network's settings as {@link NetworkValidator} accepted them: every value in its type, so that consumers take
 * them as they are and never parse or guess again. Change one or two with a wither ({@link #withGateway}).
 *
 * @param gatewayAddresses the gateway's own addresses, each inside the pool of its family and never leased
 * @param allowedIps       what a split tunnel routes (networks, host bits clear); empty for a full tunnel
 * @param gatewayPublicKey null until a gateway (group) serving the network is known
 * @param openWithoutPolicies whether devices reach everything the gateway routes while no enabled policy applies
 *     to the network (on for networks that existed before access policies, off for new ones)
 */
public record NetworkSettings(
        String name,
        IpPrefix ipv4Pool,
        @Nullable IpPrefix ipv6Pool,
        List<IPAddress> gatewayAddresses,
        List<IPAddress> dnsServers,
        int mtu,
        int persistentKeepalive,
        Endpoint endpoint,
        TunnelMode tunnelMode,
        List<IpPrefix> allowedIps,
        ApprovalMode approvalMode,
        List<String> autoApproveGroups,
        int devicesPerUser,
        @Nullable WgKey gatewayPublicKey,
        boolean openWithoutPolicies) {

    public NetworkSettings {
        gatewayAddresses = List.copyOf(gatewayAddresses);
        dnsServers = List.copyOf(dnsServers);
        allowedIps = List.copyOf(allowedIps);
        autoApproveGroups = List.copyOf(autoApproveGroups);
    }

    /** The same settings pointing at another gateway: its endpoint and, once known, its public key. */
    public NetworkSettings withGateway(Endpoint newEndpoint, @Nullable WgKey newKey) {
        return new NetworkSettings(
                name,
                ipv4Pool,
                ipv6Pool,
                gatewayAddresses,
                dnsServers,
                mtu,
                persistentKeepalive,
                newEndpoint,
                tunnelMode,
                allowedIps,
                approvalMode,
                autoApproveGroups,
                devicesPerUser,
                newKey,
                openWithoutPolicies);
    }

    /** The IPv4 pool, then the IPv6 pool if there is one. */
    public List<IpPrefix> pools() {
        return ipv6Pool == null ? List.of(ipv4Pool) : List.of(ipv4Pool, ipv6Pool);
    }

    /** The gateway addresses inside {@code pool}: reserved there, never given to a device. */
    public List<IPAddress> gatewayAddressesIn(IpPrefix pool) {
        return gatewayAddresses.stream().filter(pool::contains).toList();
    }

    /** The gateway's interface addresses: each gateway address with its pool's prefix length, e.g. 10.10.0.1/16. */
    public List<IpPrefix> gatewayInterfaceAddresses() {
        var addresses = new ArrayList<IpPrefix>();
        for (var address : gatewayAddresses) {
            pools().stream()
                    .filter(pool -> pool.contains(address))
                    .findFirst()
                    .ifPresent(pool -> addresses.add(new IpPrefix(address, pool.prefixLength())));
        }
        return addresses;
    }

    /** What a client routes through the tunnel: the allowed IPs, or every address for a full tunnel. */
    public List<IpPrefix> clientAllowedIps() {
        return tunnelMode == TunnelMode.FULL ? List.of(IpPrefix.ALL_IPV4, IpPrefix.ALL_IPV6) : allowedIps;
    }

    /** Every value in its text form (the key as base64: it is public), as the audit log records settings. */
    @Override
    public String toString() {
        return ("NetworkSettings[name=%s, ipv4Pool=%s, ipv6Pool=%s, gatewayAddresses=%s, dnsServers=%s, mtu=%d, "
                        + "persistentKeepalive=%d, endpoint=%s, tunnelMode=%s, allowedIps=%s, approvalMode=%s, "
                        + "autoApproveGroups=%s, devicesPerUser=%d, gatewayPublicKey=%s, "
                        + "openWithoutPolicies=%s]")
                .formatted(
                        name,
                        ipv4Pool,
                        ipv6Pool,
                        texts(gatewayAddresses),
                        texts(dnsServers),
                        mtu,
                        persistentKeepalive,
                        endpoint,
                        tunnelMode,
                        allowedIps,
                        approvalMode,
                        autoApproveGroups,
                        devicesPerUser,
                        gatewayPublicKey == null ? null : gatewayPublicKey.toBase64(),
                        openWithoutPolicies);
    }

    private static List<String> texts(List<IPAddress> addresses) {
        return addresses.stream().map(IPAddress::toCanonicalString).toList();
    }
}
