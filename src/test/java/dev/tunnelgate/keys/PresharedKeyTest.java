package dev.tunnelgate.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresharedKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void generates_32_random_bytes_that_differ_every_time() {
        Set<PresharedKey> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            PresharedKey key = PresharedKey.generate(random);
            assertThat(key.bytes()).hasSize(32);
            keys.add(key);
        }

        assertThat(keys).hasSize(100);
    }

    @Test
    void base64_round_trips() {
        PresharedKey key = PresharedKey.generate(random);

        assertThat(key.toBase64()).hasSize(44).endsWith("=");
        assertThat(PresharedKey.parse(key.toBase64())).isEqualTo(key);
    }

    @Test
    void to_string_is_redacted() {
        PresharedKey key = PresharedKey.generate(random);

        assertThat(key.toString())
                .isEqualTo("PresharedKey[redacted]")
                .doesNotContain(key.toBase64().substring(0, 6));
    }

    @Test
    void rejects_the_all_zero_key_that_wg_would_treat_as_none() {
        assertThatThrownBy(() -> PresharedKey.parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Preshared key is all zeros");
    }

    @Test
    void rejects_malformed_text_with_a_message_naming_the_preshared_key() {
        assertThatThrownBy(() -> PresharedKey.parse("AAAA")).hasMessageStartingWith("Preshared key must be exactly 44");
    }
}
