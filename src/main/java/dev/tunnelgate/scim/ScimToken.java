package dev.tunnelgate.scim;

import dev.tunnelgate.secrets.BearerTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The identity provider's bearer token, from {@code tunnelgate.scim.token} or the token file, read once at start-up.
 * Only its SHA-256 is kept; a presented token is hashed and compared in constant time. A token shorter than
 * {@link #MIN_LENGTH}, or one with characters outside printable ASCII, stops the portal at start-up.
 */
@Component
class ScimToken {
    static final int MIN_LENGTH = 32;
    static final int MAX_LENGTH = 512;

    private final @Nullable String hash;

    ScimToken(ScimSettings settings) {
        var token = settings.token().strip();
        if (!settings.tokenFile().isBlank()) {
            if (!token.isEmpty()) {
                throw new IllegalStateException("Set tunnelgate.scim.token or tunnelgate.scim.token-file, not both");
            }
            token = read(Path.of(settings.tokenFile()));
        }
        if (token.isEmpty()) {
            hash = null;
            return;
        }
        if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH || !printableAscii(token)) {
            throw new IllegalStateException("The SCIM token must be %d to %d printable ASCII characters without spaces"
                    .formatted(MIN_LENGTH, MAX_LENGTH));
        }
        hash = BearerTokens.hash(token);
    }

    /** Whether a token is configured (SCIM is on). */
    boolean configured() {
        return hash != null;
    }

    /** Whether the presented token is the configured one (never true while none is configured). */
    boolean matches(String presented) {
        var expected = hash;
        if (expected == null || presented.length() > MAX_LENGTH || !printableAscii(presented)) {
            return false;
        }
        return BearerTokens.matches(BearerTokens.hash(presented), expected);
    }

    private static boolean printableAscii(String text) {
        return text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException("The SCIM token file %s cannot be read".formatted(file), e);
        }
    }
}
