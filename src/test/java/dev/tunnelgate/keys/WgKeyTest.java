package dev.tunnelgate.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WgKeyTest {
    // RFC 7748 section 6.1, Alice's public key.
    static final String RFC_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    static final String RFC_PUBLIC_BASE64 = base64(RFC_PUBLIC);

    /** libsodium's historical X25519 blocklist: the canonical small-order points and their non-canonical twins. */
    static List<String> libsodiumBlocklist() {
        return List.of(
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
                "4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
                "d9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "daffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "dbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    }

    @Test
    void parses_a_valid_key_and_prints_it_back_unchanged() {
        WgKey key = WgKey.parsePublic(RFC_PUBLIC_BASE64);

        assertThat(key.toBase64()).isEqualTo(RFC_PUBLIC_BASE64);
        assertThat(key.bytes()).isEqualTo(HexFormat.of().parseHex(RFC_PUBLIC));
    }

    @Test
    void accepts_freshly_generated_public_keys() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            WgKey key = WgPrivateKey.generate(random).publicKey();
            assertThat(WgKey.parsePublic(key.toBase64())).isEqualTo(key);
        }
    }

    @Test
    void rejects_key_with_non_canonical_trailing_bits() {
        char last = RFC_PUBLIC_BASE64.charAt(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String sameBytes = RFC_PUBLIC_BASE64.substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) | 1) + "=";

        assertThat(Base64.getDecoder().decode(sameBytes))
                .isEqualTo(HexFormat.of().parseHex(RFC_PUBLIC));
        assertThatThrownBy(() -> WgKey.parsePublic(sameBytes))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not canonical");
    }

    @Test
    void rejects_the_url_safe_alphabet() {
        String urlSafe =
                base64("fbff" + RFC_PUBLIC.substring(4)).replace('+', '-').replace('/', '_');
        assertThat(urlSafe).containsAnyOf("-", "_");

        assertThatThrownBy(() -> WgKey.parsePublic(urlSafe)).hasMessageContaining("URL-safe");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n", "\t"})
    void rejects_whitespace_even_when_the_length_is_right(String space) {
        String withSpace = RFC_PUBLIC_BASE64.substring(0, 10) + space + RFC_PUBLIC_BASE64.substring(11);

        assertThatThrownBy(() -> WgKey.parsePublic(withSpace)).hasMessageContaining("whitespace at position 11");
    }

    @Test
    void rejects_surrounding_whitespace_by_length() {
        assertThatThrownBy(() -> WgKey.parsePublic(RFC_PUBLIC_BASE64 + "\n"))
                .hasMessage("Public key must be exactly 44 base64 characters, got 45");
    }

    @Test
    void rejects_short_long_and_empty_texts() {
        assertThatThrownBy(() -> WgKey.parsePublic(RFC_PUBLIC_BASE64.substring(1)))
                .hasMessageContaining("got 43");
        assertThatThrownBy(() -> WgKey.parsePublic("A" + RFC_PUBLIC_BASE64)).hasMessageContaining("got 45");
        assertThatThrownBy(() -> WgKey.parsePublic("")).hasMessage("Public key is empty");
    }

    @Test
    void rejects_missing_or_double_padding() {
        String noPadding = RFC_PUBLIC_BASE64.substring(0, 43) + "A";
        String doublePadding = base64("00".repeat(31)).replace("==", "A==").substring(1);
        assertThat(doublePadding).hasSize(44).endsWith("==");

        assertThatThrownBy(() -> WgKey.parsePublic(noPadding)).hasMessageContaining("exactly one '='");
        assertThatThrownBy(() -> WgKey.parsePublic(doublePadding)).hasMessageContaining("exactly one '='");
    }

    @Test
    void rejects_padding_in_the_middle() {
        String text = "A=" + RFC_PUBLIC_BASE64.substring(2);

        assertThatThrownBy(() -> WgKey.parsePublic(text)).hasMessageContaining("'=' padding before the end");
    }

    @Test
    void rejects_the_all_zero_key() {
        assertThatThrownBy(() -> WgKey.parsePublic("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Public key is all zeros");
    }

    @ParameterizedTest
    @MethodSource("libsodiumBlocklist")
    void rejects_every_low_order_point_of_the_libsodium_blocklist(String hex) {
        String text = base64(hex);

        assertThatThrownBy(() -> WgKey.parsePublic(text))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageMatching("Public key is (all zeros|a low-order Curve25519 point.*)");
    }

    // The last five entries only collapse for implementations that do not clear the top bit first;
    // RFC 7748 (and Bouncy Castle) clears it, so only the first seven can be checked this way.
    static List<String> blocklistBelowTwoPow255() {
        return libsodiumBlocklist().subList(0, 7);
    }

    @ParameterizedTest
    @MethodSource("blocklistBelowTwoPow255")
    void blocklisted_points_below_2_pow_255_really_give_an_all_zero_shared_secret(String hex) {
        byte[] point = HexFormat.of().parseHex(hex);
        assertThat(point[31] & 0x80).isZero();
        byte[] scalar = new byte[32];
        X25519.generatePrivateKey(new SecureRandom(), scalar);

        boolean nonZero = X25519.calculateAgreement(scalar, 0, point, 0, new byte[32], 0);

        assertThat(nonZero).isFalse();
    }

    @Test
    void rejects_low_order_points_hidden_behind_the_top_bit() {
        byte[] orderEight = HexFormat.of().parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
        orderEight[31] |= (byte) 0x80;
        byte[] scalar = new byte[32];
        X25519.generatePrivateKey(new SecureRandom(), scalar);
        assertThat(X25519.calculateAgreement(scalar, 0, orderEight, 0, new byte[32], 0))
                .isFalse();

        assertThatThrownBy(() -> new WgKey(orderEight)).hasMessageContaining("low-order");
    }

    @Test
    void rejects_an_ordinary_point_in_a_non_canonical_encoding() {
        byte[] bytes = HexFormat.of().parseHex(RFC_PUBLIC);
        bytes[31] |= (byte) 0x80;

        assertThatThrownBy(() -> WgKey.parsePublic(Base64.getEncoder().encodeToString(bytes)))
                .hasMessageContaining("not a canonical Curve25519 point");
    }

    @Test
    void error_messages_never_echo_hostile_input() {
        List<String> hostile = List.of(
                "x".repeat(10_000),
                "\u0000\r\nPostUp = rm -rf /\r\n" + "A".repeat(30),
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u2028=",
                "<script>alert(1)</script>AAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u200b=");
        for (String input : hostile) {
            assertThatThrownBy(() -> WgKey.parsePublic(input))
                    .isInstanceOf(InvalidKeyException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).hasSizeLessThan(120).doesNotContain("rm -rf", "script", "xxxx");
                        assertThat(e.getMessage().codePoints()).noneMatch(c -> Character.isISOControl(c) || c > 0x7e);
                    });
        }
    }

    @Test
    void equality_is_on_content_and_callers_cannot_mutate_the_key() {
        byte[] bytes = HexFormat.of().parseHex(RFC_PUBLIC);
        WgKey key = new WgKey(bytes);
        bytes[0] ^= 1;
        key.bytes()[1] ^= 1;

        assertThat(key)
                .isEqualTo(WgKey.parsePublic(RFC_PUBLIC_BASE64))
                .hasSameHashCodeAs(WgKey.parsePublic(RFC_PUBLIC_BASE64));
        assertThat(key).isNotEqualTo(new WgKey(bytes));
    }

    @Test
    void to_string_shows_no_key_material() {
        WgKey key = WgKey.parsePublic(RFC_PUBLIC_BASE64);

        assertThat(key.toString()).doesNotContain(RFC_PUBLIC_BASE64.substring(0, 8), "[B@", "-123");
    }

    @Test
    void rejects_byte_arrays_of_the_wrong_length() {
        assertThatThrownBy(() -> new WgKey(new byte[31])).hasMessage("Public key must be 32 bytes, got 31");
    }

    static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
