package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The desired snapshot on disk, saved before it is applied, so that a rebooted gateway serves its peers before
 * the portal answers, and a crash halfway through an apply does not bring back peers it was removing.
 * It holds preshared keys: owner-only, and replaced atomically so a crash leaves the old or the new file.
 */
class StateStore {
    static final String FILE_NAME = "applied-state";

    private final Path dir;
    private final Path file;

    StateStore(Path stateDir) {
        this.dir = stateDir.toAbsolutePath();
        this.file = stateDir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** The persisted snapshot, empty when none was saved yet. */
    Optional<GatewayState> load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            GatewayState state = AgentWire.decodeState(text);
            if (state.kind() != GatewayState.Kind.SNAPSHOT) {
                throw new IllegalArgumentException("it holds a delta, not a snapshot");
            }
            return Optional.of(state);
        } catch (IllegalArgumentException e) {
            throw new IOException("state file " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    void save(GatewayState snapshot) throws IOException {
        if (snapshot.kind() != GatewayState.Kind.SNAPSHOT) {
            throw new IllegalArgumentException("only snapshots are persisted");
        }
        OwnerOnlyFile.replace(file, AgentWire.encode(snapshot).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the file, so that a start does not restore a state older than the one that could not be saved. */
    void discard() throws IOException {
        Files.deleteIfExists(file);
        OwnerOnlyFile.syncDirectory(dir);
    }
}
