package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.KnownEndpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints the group's members last saw the peers at, as the portal last handed them out, kept in memory and in
 * the state directory: a standby restarted while the portal is down can still take over with them. Thread-safe: the
 * timer thread refreshes it, the takeover thread reads it.
 */
final class EndpointCache {
    private static final System.Logger LOG = System.getLogger(EndpointCache.class.getName());
    static final String FILE_NAME = "known-endpoints";

    private final Path file;
    private volatile Map<String, KnownEndpoint> byKey = Map.of();

    EndpointCache(Path stateDir) {
        this.file = stateDir.toAbsolutePath().resolve(FILE_NAME);
    }

    /** Reads the persisted answer; a broken file is logged and ignored (the peers' own endpoints remain). */
    void load() {
        try {
            byKey = index(AgentWire.decodeEndpoints(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            // none yet
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring " + file + ": " + InterfaceKeeper.message(e));
        }
    }

    Map<String, KnownEndpoint> byKey() {
        return byKey;
    }

    /** Keeps a new answer, in memory at once and on disk when it differs from the last. */
    void update(List<KnownEndpoint> endpoints) {
        var next = index(endpoints);
        if (next.equals(byKey)) {
            return;
        }
        byKey = next;
        try {
            save(AgentWire.encodeEndpoints(List.copyOf(next.values())));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the known endpoints were not saved to " + file + ": " + InterfaceKeeper.message(e));
        }
    }

    private static Map<String, KnownEndpoint> index(List<KnownEndpoint> endpoints) {
        var map = new HashMap<String, KnownEndpoint>();
        for (KnownEndpoint known : endpoints) {
            map.merge(known.publicKey(), known, (a, b) -> a.latestHandshake().isAfter(b.latestHandshake()) ? a : b);
        }
        return Map.copyOf(map);
    }

    private void save(String text) throws IOException {
        OwnerOnlyFile.replace(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
