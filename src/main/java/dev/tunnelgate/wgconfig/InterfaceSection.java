package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import inet.ipaddr.IPAddress;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The {@code [Interface]} section of a client config. Hooks and server-side keys are not representable. */
public record InterfaceSection(
        PrivateKeyEntry privateKey,
        List<IpPrefix> addresses,
        List<IPAddress> dnsServers,
        List<String> dnsSearchDomains,
        @Nullable Integer mtu) {

    public static final int MIN_MTU = 1280;
    public static final int MAX_MTU = 9000;

    public InterfaceSection {
        addresses = List.copyOf(addresses);
        dnsServers = dnsServers.stream()
                .map(ip -> IpAddresses.requireSingle(ip, "DNS server"))
                .toList();
        dnsSearchDomains = List.copyOf(dnsSearchDomains);
        if (addresses.isEmpty()) {
            throw new InvalidConfigException("[Interface] needs at least one Address");
        }
        if (new HashSet<>(addresses).size() != addresses.size()) {
            throw new InvalidConfigException("[Interface] lists the same Address twice");
        }
        for (String domain : dnsSearchDomains) {
            if (!DnsNames.isValid(domain)) {
                throw new InvalidConfigException("DNS search domain must be letters, digits, '-' and '.'");
            }
        }
        if (mtu != null && (mtu < MIN_MTU || mtu > MAX_MTU)) {
            throw new InvalidConfigException("MTU must be between %d and %d, got %d".formatted(MIN_MTU, MAX_MTU, mtu));
        }
    }
}
