package dev.tunnelgate.protocol;

import dev.tunnelgate.ip.IpPrefix;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a gateway's interface itself looks like: its listen port and its tunnel addresses (with host bits,
 * e.g. {@code 10.10.0.1/16}). The private key never travels; each gateway keeps its own.
 */
public record InterfaceConfig(int listenPort, List<String> addresses) {
    public static final int MAX_ADDRESSES = 64;

    public InterfaceConfig {
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 1-65535");
        }
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("an interface takes at most " + MAX_ADDRESSES + " addresses");
        }
        addresses = addresses.stream()
                .map(address -> IpPrefix.parse(address).toString())
                .toList();
        if (new HashSet<>(addresses).size() != addresses.size()) {
            throw new IllegalArgumentException("interface addresses must be distinct");
        }
    }
}
