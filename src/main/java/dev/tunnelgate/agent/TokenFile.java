package dev.tunnelgate.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the gateway credential. Like the private key file, a token file others can read is refused rather
 * than used: whoever reads it can fetch every preshared key of this gateway from the portal.
 */
final class TokenFile {
    static final int MAX_LENGTH = 4096;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private TokenFile() {}

    /** The token: one line of printable ASCII without spaces, an optional line break after it. */
    static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("token file " + file + " does not exist or is not a regular file");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IOException("token file " + file + " must be readable by its owner only (chmod 600)");
        }
        if (Files.size(file) > MAX_LENGTH + 1) {
            throw new IOException("token file " + file + " is larger than a token");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        String token = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // The token goes into an HTTP header: no spaces, no line breaks, nothing outside ASCII.
            throw new IOException(
                    "token file " + file + " must hold exactly one line with the token (printable ASCII, no spaces)");
        }
        return token;
    }
}
