package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The desired snapshot on disk, saved before it is applied, so that a rebooted gateway serves its peers before
 * the portal answers, and a crash halfway through an apply does not bring back peers it was removing.
 * It holds preshared keys: owner-only, and replaced atomically so a crash leaves the old or the new file.
 */
class StateStore {
    static final String FILE_NAME = "applied-state";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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
        Path temp =
                Files.createTempFile(dir, FILE_NAME + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            // The mode given at creation is filtered by the umask; make sure before any key is written.
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(AgentWire.encode(snapshot).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the file, so that a start does not restore a state older than the one that could not be saved. */
    void discard() throws IOException {
        Files.deleteIfExists(file);
        syncDirectory(dir);
    }

    /** The rename (or removal) itself survives a power cut only once the directory is on disk. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
