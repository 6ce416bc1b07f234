package dev.tunnelgate.configcli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the API token. A token file others can read is refused rather than used: an admin's read-write token changes
 * the whole VPN. Where the file system has no POSIX permissions, that check is left to the operator.
 */
final class TokenFile {
    static final int MAX_LENGTH = 512;
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
            throw new IOException("the token file " + file + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException("the token file " + file + " is not readable");
        }
        try {
            if (Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS::contains)) {
                throw new IOException("the token file " + file + " must be readable by its owner only (chmod 600)");
            }
        } catch (UnsupportedOperationException noPosix) {
            // Not a POSIX file system.
        }
        if (Files.size(file) > MAX_LENGTH + 2) {
            throw new IOException("the token file " + file + " is larger than a token");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        String token = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // The token goes into an HTTP header: no spaces, no line breaks, nothing outside ASCII.
            throw new IOException("the token file " + file
                    + " must hold exactly one line with the token (printable ASCII, no spaces)");
        }
        return token;
    }
}
