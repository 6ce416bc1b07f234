package dev.tunnelgate.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBoxTest {
    static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] PRESHARED_KEY = "a 32-byte WireGuard preshared k.".getBytes(UTF_8);

    private final SecretBox box = new SecretBox(KEY);

    @Test
    void a_sealed_secret_opens_to_the_same_bytes() {
        String sealed = box.seal(PRESHARED_KEY, "device:42");

        assertThat(sealed).startsWith("v1:");
        assertThat(box.open(sealed, "device:42")).isEqualTo(PRESHARED_KEY);
        assertThat(new SecretBox(KEY).open(sealed, "device:42"))
                .as("another instance with the same key")
                .isEqualTo(PRESHARED_KEY);
    }

    @Test
    void an_empty_secret_survives_the_round_trip() {
        assertThat(box.open(box.seal(new byte[0], "device:42"), "device:42")).isEmpty();
    }

    @Test
    void sealing_the_same_secret_twice_gives_different_texts() {
        String first = box.seal(PRESHARED_KEY, "device:42");
        String second = box.seal(PRESHARED_KEY, "device:42");

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOf(payload(first), 12)).as("nonce").isNotEqualTo(Arrays.copyOf(payload(second), 12));
        assertThat(box.open(first, "device:42")).isEqualTo(box.open(second, "device:42"));
    }

    @Test
    void altering_any_byte_of_a_sealed_secret_makes_it_unreadable() {
        byte[] payload = payload(box.seal(PRESHARED_KEY, "device:42"));

        for (int i = 0; i < payload.length; i++) {
            byte[] altered = payload.clone();
            altered[i] ^= 0x01;
            String tampered = "v1:" + Base64.getEncoder().encodeToString(altered);
            assertThatThrownBy(() -> box.open(tampered, "device:42"))
                    .as("byte %d altered", i)
                    .isInstanceOf(SecretUnreadableException.class)
                    .hasMessageContaining("altered");
        }
    }

    @Test
    void a_secret_sealed_for_one_device_does_not_open_for_another() {
        String sealed = box.seal(PRESHARED_KEY, "device:42");

        assertThatThrownBy(() -> box.open(sealed, "device:43"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("another record");
    }

    @Test
    void a_secret_sealed_with_one_key_does_not_open_with_another() {
        byte[] otherKey = KEY.clone();
        otherKey[31] ^= 0x01;
        String sealed = box.seal(PRESHARED_KEY, "device:42");

        assertThatThrownBy(() -> new SecretBox(otherKey).open(sealed, "device:42"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("another key");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello",
                "v1:",
                "v1:not base64!",
                "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "V1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                " v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            })
    void texts_that_are_not_sealed_secrets_are_refused_with_a_clear_message(String text) {
        assertThatThrownBy(() -> box.open(text, "device:42"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageStartingWith("The stored secret ");
    }

    @Test
    void a_version_prefix_the_box_does_not_know_is_named_in_the_message() {
        String sealed = box.seal(PRESHARED_KEY, "device:42");

        assertThatThrownBy(() -> box.open("v2:" + sealed.substring(3), "device:42"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("expected version v1");
    }

    @Test
    void a_sealed_text_with_non_canonical_base64_is_refused_even_if_its_bytes_are_intact() {
        String sealed = box.seal(new byte[1], "device:42"); // 29 bytes: the text ends in '=' with spare bits
        String unpadded = sealed.substring(0, sealed.length() - 1);

        assertThatThrownBy(() -> box.open(unpadded, "device:42"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("canonical");
    }

    @Test
    void messages_and_to_string_reveal_neither_the_sealed_text_nor_the_key() {
        String sealed = box.seal(PRESHARED_KEY, "device:42");
        String payloadText = sealed.substring(3);

        assertThatThrownBy(() -> box.open(sealed, "device:43"))
                .message()
                .doesNotContain(payloadText)
                .doesNotContain(payloadText.substring(0, 8));
        assertThatThrownBy(() -> box.open("v1:" + payloadText.substring(0, 20) + "-_-_", "device:42"))
                .message()
                .doesNotContain("-_")
                .doesNotContain("2d");
        assertThat(box.toString())
                .doesNotContain(Base64.getEncoder().encodeToString(KEY))
                .doesNotContain(HexFormat.of().formatHex(KEY))
                .contains("redacted");
    }

    @Test
    void a_key_that_is_not_32_bytes_is_refused() {
        assertThatThrownBy(() -> new SecretBox(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, got 16");
    }

    private static byte[] payload(String sealed) {
        return Base64.getDecoder().decode(sealed.substring(3));
    }
}
