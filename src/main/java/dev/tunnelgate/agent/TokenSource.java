package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The credential, read again from the token file whenever the file changed, so that an operator rotates it by
 * writing the new token into the file, without restarting the agent. A file that became unusable (wrong
 * permissions, empty) keeps the last good token in use and is logged. Without any good token yet (a gateway
 * that rebooted with a broken token file serves its persisted state meanwhile) it is null and the file is read
 * again at every request.
 */
final class TokenSource implements Supplier<@Nullable String> {
    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());

    private final Path file;
    private @Nullable String token;
    private @Nullable FileTime modified;

    /** @param token the token already read from {@code file}, or null when it could not be */
    TokenSource(Path file, @Nullable String token) {
        this.file = file;
        this.token = token;
        this.modified = token == null ? null : modified(file);
    }

    @Override
    public synchronized @Nullable String get() {
        FileTime now = modified(file);
        if (token == null || now != null && !Objects.equals(now, modified)) {
            try {
                token = TokenFile.read(file);
                modified = now;
                LOG.log(Level.INFO, "read the token file " + file);
            } catch (IOException e) {
                LOG.log(
                        Level.WARNING,
                        (token == null ? "no usable credential: " : "keeping the current credential: ")
                                + ProcessRunner.sanitize(String.valueOf(e.getMessage())));
            }
        }
        return token;
    }

    private static @Nullable FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
