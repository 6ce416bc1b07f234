package dev.tunnelgate.keys;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Set;

/**
 * The Curve25519 points of small order. A peer announcing one of them makes every shared secret
 * all-zero, so such a "public key" must never be registered.
 */
final class LowOrderPoints {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    // Canonical u-coordinates: 0 (order 4), 1 (order 1), the two order-8 points, p-1 (order 2).
    private static final Set<BigInteger> CANONICAL = Set.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            littleEndian("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
            littleEndian("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
            P.subtract(BigInteger.ONE));

    private LowOrderPoints() {}

    /**
     * Matches every encoding of a small-order point, not only the listed ones. RFC 7748 clears the
     * top bit and then reduces modulo p; some implementations reduce the full 256-bit value instead,
     * so both readings are checked (libsodium's blocklist covers the second for the same reason).
     */
    static boolean contains(byte[] encoded) {
        byte[] masked = encoded.clone();
        masked[31] &= 0x7f;
        return CANONICAL.contains(littleEndian(masked).mod(P))
                || CANONICAL.contains(littleEndian(encoded).mod(P));
    }

    /** Whether the encoding is the unique one X25519 itself produces: top bit clear and below p. */
    static boolean isCanonicalFieldElement(byte[] encoded) {
        return (encoded[31] & 0x80) == 0 && littleEndian(encoded).compareTo(P) < 0;
    }

    private static BigInteger littleEndian(String hex) {
        return littleEndian(HexFormat.of().parseHex(hex));
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }
}
