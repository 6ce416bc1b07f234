package dev.tunnelgate.agent;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Whether the VIP is an address of this host now, asked of {@code ip -o address show to VIP} five times a second.
 * Not {@link java.net.NetworkInterface}: it does not list the secondary IPv4 addresses keepalived adds without a
 * label. Not a probe bind of a socket to the VIP either: with {@code net.ipv{4,6}.ip_nonlocal_bind=1} (common on
 * load-balancer hosts, HAProxy's docs recommend it) it succeeds for any address. {@code ip} asks the kernel's address
 * list itself, in the agent's network namespace; a fork costs about a millisecond of CPU, five a second are
 * negligible. An IPv6 address still tentative (duplicate address detection) or failed is not usable, so not held.
 */
class VipProbe {
    private final InetAddress vip;
    private final ProcessRunner runner;

    VipProbe(InetAddress vip, List<String> commandPrefix) {
        this.vip = vip;
        this.runner = new ProcessRunner(commandPrefix, Duration.ofSeconds(2));
    }

    InetAddress vip() {
        return vip;
    }

    /** @throws IOException {@code ip} failed: nothing is known */
    boolean isLocal() throws IOException {
        return holds(runner.run(command(vip), null));
    }

    static List<String> command(InetAddress vip) {
        return List.of(
                "ip", "-o", vip instanceof Inet6Address ? "-6" : "-4", "address", "show", "to", SourceRoute.text(vip));
    }

    static boolean holds(String output) {
        for (String line : output.split("\n")) {
            if (!line.isBlank() && !line.contains(" tentative") && !line.contains(" dadfailed")) {
                return true;
            }
        }
        return false;
    }
}
