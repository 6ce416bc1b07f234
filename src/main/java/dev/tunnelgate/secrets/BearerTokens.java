package dev.tunnelgate.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bearer tokens of one kind: {@code <prefix>.<owner id>.<43 characters of base64url>}, 256 random bits. The id lets
 * the portal find the row without scanning; only a SHA-256 of the whole token is stored (a slow hash adds nothing to
 * 256 bits of entropy), and hashes are compared in constant time. The prefix tells a leaked token's kind at a glance
 * (and to secret scanners).
 */
public final class BearerTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final Pattern format;

    /** A token and the row it names; only {@link #hash} may be stored. */
    public record Parsed(long id, String hash) {}

    public BearerTokens(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9]{1,7}")) {
            throw new IllegalArgumentException("A token prefix is 2 to 8 lower-case letters or digits");
        }
        this.prefix = prefix;
        this.format = Pattern.compile(Pattern.quote(prefix) + "\\.([1-9][0-9]{0,18})\\.([A-Za-z0-9_-]{43})");
    }

    /** A new token for the row {@code id}. */
    public String issue(long id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + "." + id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The id and hash of a well-formed token; empty for anything else (never echoed). */
    public Optional<Parsed> parse(String token) {
        if (token.length() > 90) {
            return Optional.empty();
        }
        var matcher = format.matcher(token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(Long.parseLong(matcher.group(1)), hash(token)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Constant-time comparison of two stored-form hashes. */
    public static boolean matches(String hash, String storedHash) {
        return MessageDigest.isEqual(
                hash.getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
