package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.EndpointRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The role keepalived last notified ({@code tunnelgate agent notify master|backup|fault}), one word in the state
 * directory. Written atomically (a reader sees the old or the new word, never half of one) and owner-only; read by
 * the running agent, whose check of its modification time costs one stat.
 */
final class RoleFile {
    static final String FILE_NAME = "endpoint-role";

    /** keepalived's states as its notify scripts name them. */
    enum Notified {
        MASTER(EndpointRole.HOLDER),
        BACKUP(EndpointRole.STANDBY),
        FAULT(EndpointRole.STANDBY);

        final EndpointRole role;

        Notified(EndpointRole role) {
            this.role = role;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Notified> of(String word) {
            for (Notified state : values()) {
                if (state.word().equals(word)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    /** What the file says, and when it was written. */
    record Notice(Notified state, Instant at) {}

    private final Path file;

    RoleFile(Path stateDir) {
        this.file = stateDir.toAbsolutePath().resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    void write(Notified state) throws IOException {
        OwnerOnlyFile.replace(file, (state.word() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The modification time alone, for the frequent check: empty when there is no file. */
    Optional<Instant> modified() {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The notice; empty when there is no file. A file with anything but one of the three words is an error: it was
     * not written by {@link #write}.
     */
    Optional<Notice> read() throws IOException {
        try {
            Instant at = Files.getLastModifiedTime(file).toInstant();
            byte[] bytes = Files.readAllBytes(file);
            String word = bytes.length > 16 ? "" : new String(bytes, StandardCharsets.US_ASCII).strip();
            Notified state = Notified.of(word)
                    .orElseThrow(() -> new IOException(file + " holds neither master, backup nor fault"));
            return Optional.of(new Notice(state, at));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
