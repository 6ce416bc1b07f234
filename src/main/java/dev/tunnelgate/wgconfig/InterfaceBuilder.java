package dev.tunnelgate.wgconfig;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.WgPrivateKey;
import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

final class InterfaceBuilder implements SectionBuilder {
    private @Nullable PrivateKeyEntry privateKey;
    private final List<IpPrefix> addresses = new ArrayList<>();
    private final List<IPAddress> dnsServers = new ArrayList<>();
    private final List<String> dnsSearchDomains = new ArrayList<>();
    private @Nullable Integer mtu;

    @Override
    public boolean accept(String key, String value) {
        switch (key) {
            case "privatekey" -> privateKey = WgConfigParser.once(privateKey, privateKeyEntry(value), "PrivateKey");
            // wg-quick appends repeated Address and DNS lines, so they may repeat here too.
            case "address" -> WgConfigParser.splitList(value, "Address").forEach(a -> addresses.add(IpPrefix.parse(a)));
            case "dns" -> WgConfigParser.splitList(value, "DNS").forEach(this::addDns);
            case "mtu" -> mtu = WgConfigParser.once(mtu, Numbers.parse(value, "MTU"), "MTU");
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "[Interface]";
    }

    InterfaceSection build() {
        if (privateKey == null) {
            throw new InvalidConfigException("[Interface] has no PrivateKey");
        }
        return new InterfaceSection(privateKey, addresses, dnsServers, dnsSearchDomains, mtu);
    }

    private static PrivateKeyEntry privateKeyEntry(String value) {
        return value.equals(PrivateKeyEntry.PLACEHOLDER_TEXT)
                ? PrivateKeyEntry.placeholder()
                : PrivateKeyEntry.of(WgPrivateKey.parse(value));
    }

    private void addDns(String entry) {
        IPAddress server = IpAddresses.tryParse(entry);
        if (server != null) {
            dnsServers.add(server);
        } else if (DnsNames.isValid(entry)) {
            dnsSearchDomains.add(entry);
        } else {
            throw new InvalidConfigException("DNS entry is neither an IP address nor a search domain");
        }
    }
}
