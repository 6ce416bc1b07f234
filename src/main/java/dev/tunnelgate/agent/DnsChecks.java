package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.protocol.DnsCheck;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks the DNS servers of the desired state before each periodic report, all at once (one probe's timeout in all,
 * not one per server) and outside the interface lock, so an unanswered DNS server never holds up an apply.
 */
final class DnsChecks {
    private static final System.Logger LOG = System.getLogger(DnsChecks.class.getName());

    private final DnsProbe probe;
    private volatile List<DnsCheck> latest = List.of();

    DnsChecks(DnsProbe probe) {
        this.probe = probe;
    }

    /** Probes these DNS servers (the desired state's); a change in what answers is logged. */
    void run(List<String> addresses) {
        var results = new ArrayList<DnsCheck>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<DnsCheck.Outcome>>();
            for (String address : addresses) {
                futures.add(executor.submit(() -> probe.probe(inet(address))));
            }
            for (int i = 0; i < addresses.size(); i++) {
                results.add(new DnsCheck(addresses.get(i), futures.get(i).get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "checking DNS servers failed: " + InterfaceKeeper.message(e));
            return;
        }
        for (DnsCheck check : results) {
            var before = latest.stream()
                    .filter(c -> c.address().equals(check.address()))
                    .findFirst();
            if (before.isEmpty() || before.get().outcome() != check.outcome()) {
                LOG.log(
                        check.outcome() == DnsCheck.Outcome.OK ? Level.INFO : Level.WARNING,
                        "DNS server " + check.address() + ": " + describe(check.outcome()));
            }
        }
        latest = List.copyOf(results);
    }

    /** The results of the latest run. */
    List<DnsCheck> latest() {
        return latest;
    }

    private static String describe(DnsCheck.Outcome outcome) {
        return switch (outcome) {
            case OK -> "answers";
            case TCP_ONLY -> "answers over TCP only; devices ask over UDP first";
            case NO_ANSWER -> "no answer over UDP or TCP; devices that use it cannot resolve names";
        };
    }

    /** A literal address (never a name lookup): the portal sent it in canonical form. */
    private static InetAddress inet(String address) throws UnknownHostException {
        var parsed = Objects.requireNonNull(IpAddresses.tryParse(address), "DNS server address");
        return InetAddress.getByAddress(parsed.getBytes());
    }
}
