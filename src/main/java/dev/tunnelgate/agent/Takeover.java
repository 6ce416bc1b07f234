package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.KnownEndpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a member does on taking the VIP over: the clients still have sessions with the old holder only, and would
 * wait for their rekey timeout (15 s) before a handshake reaches this one. So for every peer it sets the freshest
 * endpoint known (its own dump, or where the portal says another member last saw it) and sends one small UDP packet
 * to the peer's tunnel address: WireGuard, having no session for the packet, starts the handshake itself. Paced
 * ({@code --takeover-rate}), the freshest peers first, in batches that take the keeper's lock only for the
 * {@code wg set}: a delta arriving meanwhile applies between two batches.
 */
final class Takeover {
    private static final System.Logger LOG = System.getLogger(Takeover.class.getName());
    /** The discard port: the packet only has to make WireGuard start a handshake, its content never matters. */
    static final int NUDGE_PORT = 9;

    /** A peer to take over: the endpoint to set, and where to send the packet (null: no host address to send to). */
    record Target(
            String publicKey,
            String endpoint,
            @Nullable Instant seen,
            @Nullable InetAddress tunnelAddress) {}

    /** How a takeover went. */
    record Result(int peers, int withEndpoint, int nudged, Duration took, boolean completed) {}

    /** Sends the packet that starts a handshake; a seam for tests. */
    interface Nudger extends AutoCloseable {
        void nudge(InetAddress tunnelAddress) throws IOException;

        @Override
        void close() throws IOException;
    }

    interface Endpoints {
        /** Sets the endpoints under the keeper's lock; returns the keys set. */
        Set<String> set(Map<String, String> endpoints) throws IOException, InterruptedException;
    }

    private final WireGuardInterface wireGuard;
    private final Endpoints endpoints;
    private final EndpointCache known;
    private final int rate;
    private final LongSupplier nanoTime;
    private final Pacer.Sleeper sleeper;

    Takeover(
            WireGuardInterface wireGuard,
            Endpoints endpoints,
            EndpointCache known,
            int rate,
            LongSupplier nanoTime,
            Pacer.Sleeper sleeper) {
        this.wireGuard = wireGuard;
        this.endpoints = endpoints;
        this.known = known;
        this.rate = rate;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * Sets the endpoints and starts the handshakes while {@code holding} says so.
     *
     * @throws IOException reading the interface failed: nothing was done
     */
    Result run(Nudger nudger, BooleanSupplier holding) throws IOException, InterruptedException {
        long started = nanoTime.getAsLong();
        InterfaceState current = wireGuard.read();
        if (rate == 0) {
            LOG.log(
                    Level.INFO,
                    "took over: %d peer(s), no handshakes started (--takeover-rate 0): the clients start them"
                            .formatted(current.peers().size()));
            return new Result(current.peers().size(), 0, 0, Duration.ofNanos(nanoTime.getAsLong() - started), true);
        }
        List<Target> targets = plan(current, known.byKey());
        var pacer = new Pacer(rate, nanoTime, sleeper);
        int batch = pacer.batch();
        int done = 0;
        int nudged = 0;
        int failed = 0;
        String firstFailure = null;
        boolean completed = true;
        for (int from = 0; from < targets.size(); from += batch) {
            if (!holding.getAsBoolean()) {
                completed = false;
                break;
            }
            List<Target> chunk = targets.subList(from, Math.min(targets.size(), from + batch));
            var map = new LinkedHashMap<String, String>();
            chunk.forEach(target -> map.put(target.publicKey(), target.endpoint()));
            Set<String> set = endpoints.set(map);
            for (Target target : chunk) {
                if (target.tunnelAddress() == null || !set.contains(target.publicKey())) {
                    continue;
                }
                try {
                    nudger.nudge(target.tunnelAddress());
                    nudged++;
                } catch (IOException e) {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = target.tunnelAddress().getHostAddress() + ": " + InterfaceKeeper.message(e);
                    }
                }
            }
            done += chunk.size();
            pacer.await(done);
        }
        var result = new Result(
                current.peers().size(),
                targets.size(),
                nudged,
                Duration.ofNanos(nanoTime.getAsLong() - started),
                completed);
        LOG.log(
                Level.INFO,
                String.format(
                        Locale.ROOT,
                        "took over%s: %d peer(s), %d with an endpoint, %d handshake(s) started, took %d ms",
                        completed ? "" : " (stopped: no longer holding the VIP)",
                        result.peers(),
                        result.withEndpoint(),
                        result.nudged(),
                        result.took().toMillis()));
        if (failed > 0) {
            LOG.log(Level.WARNING, failed + " packet(s) to start a handshake not sent, the first to " + firstFailure);
        }
        return result;
    }

    /**
     * Per peer the freshest endpoint: the portal's when its handshake is newer than the dump's (or the dump has
     * none), otherwise the dump's; peers without any are skipped. Freshest handshakes first: those peers are the
     * ones most likely in use right now.
     */
    static List<Target> plan(InterfaceState current, Map<String, KnownEndpoint> known) {
        var targets = new ArrayList<Target>();
        for (PeerState peer : current.peers().values()) {
            KnownEndpoint elsewhere = known.get(peer.publicKey());
            String endpoint = peer.endpoint();
            Instant seen = endpoint == null ? null : peer.latestHandshake();
            if (elsewhere != null
                    && (endpoint == null
                            || seen == null
                            || elsewhere.latestHandshake().isAfter(seen))) {
                endpoint = elsewhere.endpoint();
                seen = elsewhere.latestHandshake();
            }
            if (endpoint != null) {
                targets.add(new Target(peer.publicKey(), endpoint, seen, tunnelAddress(peer.allowedIps())));
            }
        }
        targets.sort(Comparator.comparing(Target::seen, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Target::publicKey));
        return targets;
    }

    /** The first host route among the allowed IPs (a /32 or /128): the peer's own tunnel address. */
    static @Nullable InetAddress tunnelAddress(List<String> allowedIps) {
        for (String allowed : allowedIps) {
            try {
                var prefix = IpPrefix.parse(allowed);
                if (prefix.prefixLength() == prefix.address().getBitCount()) {
                    return prefix.address().toInetAddress();
                }
            } catch (RuntimeException e) {
                // not ours to send to
            }
        }
        return null;
    }

    /** One unbound datagram channel per family, opened when first needed. */
    static final class ChannelNudger implements Nudger {
        private final ByteBuffer payload = ByteBuffer.wrap(new byte[] {0});
        private @Nullable DatagramChannel v4;
        private @Nullable DatagramChannel v6;

        @Override
        public void nudge(InetAddress tunnelAddress) throws IOException {
            DatagramChannel channel;
            if (tunnelAddress instanceof java.net.Inet6Address) {
                if (v6 == null) {
                    v6 = DatagramChannel.open(StandardProtocolFamily.INET6);
                }
                channel = v6;
            } else {
                if (v4 == null) {
                    v4 = DatagramChannel.open(StandardProtocolFamily.INET);
                }
                channel = v4;
            }
            channel.send(payload.rewind(), new InetSocketAddress(tunnelAddress, NUDGE_PORT));
        }

        @Override
        public void close() throws IOException {
            if (v4 != null) {
                v4.close();
            }
            if (v6 != null) {
                v6.close();
            }
        }
    }
}
