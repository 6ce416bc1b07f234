package dev.tunnelgate.gateways;

import dev.tunnelgate.secrets.BearerTokens;
import java.util.Optional;

/** Gateway member credentials: {@code tgw1.<member id>.<43 characters of base64url>}, see {@link BearerTokens}. */
final class GatewayCredentials {
    private static final BearerTokens TOKENS = new BearerTokens("tgw1");

    record Parsed(long memberId, String hash) {}

    private GatewayCredentials() {}

    static String issue(long memberId) {
        return TOKENS.issue(memberId);
    }

    /** The member id and hash of a well-formed token; empty for anything else (never echoed). */
    static Optional<Parsed> parse(String token) {
        return TOKENS.parse(token).map(p -> new Parsed(p.id(), p.hash()));
    }

    static String hash(String token) {
        return BearerTokens.hash(token);
    }

    static boolean matches(String hash, String storedHash) {
        return BearerTokens.matches(hash, storedHash);
    }
}
