package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

/**
 * The credential, read again from the token file whenever the file changed, so that an operator rotates it by
 * writing the new token into the file, without restarting the agent. A file that became unusable (wrong
 * permissions, empty) keeps the last good token in use and is logged.
 */
final class TokenSource implements Supplier<String> {
    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());

    private final Path file;
    private String token;
    private FileTime modified;

    TokenSource(Path file, String token) throws IOException {
        this.file = file;
        this.token = token;
        this.modified = Files.getLastModifiedTime(file);
    }

    @Override
    public synchronized String get() {
        try {
            FileTime now = Files.getLastModifiedTime(file);
            if (!now.equals(modified)) {
                token = TokenFile.read(file);
                modified = now;
                LOG.log(Level.INFO, "read a changed token file " + file);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "keeping the current credential: " + ProcessRunner.sanitize(String.valueOf(e.getMessage())));
        }
        return token;
    }
}
