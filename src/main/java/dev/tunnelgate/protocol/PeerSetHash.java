package dev.tunnelgate.protocol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * A content hash of a set of peers that does not depend on their order or on the order of their allowed IPs:
 * the portal and the agent compute it independently and compare. It is the sum, modulo 2^256, of the SHA-256 of
 * each peer's canonical line (which names the peer's {@link Grant} by its content key, so the hash covers the access
 * rules too), so the portal can keep it up to date per change ({@link #add}, {@link #remove})
 * instead of rehashing ten thousand peers. It detects mistakes and lost updates, not a forger (who would need
 * the preshared keys anyway).
 */
public final class PeerSetHash {
    public static final int HEX_LENGTH = 64;
    /** The hash of no peers. */
    public static final String EMPTY = "0".repeat(HEX_LENGTH);

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private PeerSetHash() {}

    public static String of(Collection<PeerSpec> peers) {
        BigInteger sum = BigInteger.ZERO;
        for (PeerSpec peer : peers) {
            sum = sum.add(element(peer));
        }
        return format(sum);
    }

    public static String add(String hash, PeerSpec peer) {
        return format(new BigInteger(requireHash(hash), 16).add(element(peer)));
    }

    public static String remove(String hash, PeerSpec peer) {
        return format(new BigInteger(requireHash(hash), 16).subtract(element(peer)));
    }

    public static String requireHash(String text) {
        if (text == null
                || text.length() != HEX_LENGTH
                || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
        }
        return text;
    }

    private static BigInteger element(PeerSpec peer) {
        String line = peer.publicKey()
                + ' '
                + (peer.presharedKey() == null ? "-" : peer.presharedKey())
                + ' '
                + String.join(",", peer.allowedIps().stream().sorted().toList())
                + ' '
                + (peer.grant() == null ? "-" : peer.grant());
        try {
            return new BigInteger(
                    1, MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String format(BigInteger value) {
        String hex = value.mod(MODULUS).toString(16);
        return "0".repeat(HEX_LENGTH - hex.length()) + hex;
    }
}
