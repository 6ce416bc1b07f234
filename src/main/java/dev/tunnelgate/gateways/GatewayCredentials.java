package dev.tunnelgate.gateways;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gateway member credentials: {@code tgw1.<member id>.<43 characters of base64url>}, 256 random bits. The id lets
 * the portal find the member without scanning; only a SHA-256 of the whole token is stored (a slow hash adds
 * nothing to 256 bits of entropy), and hashes are compared in constant time.
 */
final class GatewayCredentials {
    private static final Pattern TOKEN = Pattern.compile("tgw1\\.([1-9][0-9]{0,18})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Parsed(long memberId, String hash) {}

    private GatewayCredentials() {}

    static String issue(long memberId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "tgw1." + memberId + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The member id and hash of a well-formed token; empty for anything else (never echoed). */
    static Optional<Parsed> parse(String token) {
        if (token.length() > 80) {
            return Optional.empty();
        }
        var matcher = TOKEN.matcher(token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(Long.parseLong(matcher.group(1)), hash(token)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static boolean matches(String hash, String storedHash) {
        return MessageDigest.isEqual(
                hash.getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
