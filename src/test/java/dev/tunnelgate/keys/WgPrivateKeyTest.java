package dev.tunnelgate.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class WgPrivateKeyTest {
    private static final Path WG = Path.of("/usr/bin/wg");
    private final SecureRandom random = new SecureRandom();

    @Test
    void derives_the_rfc_7748_public_key() {
        WgPrivateKey alice = new WgPrivateKey(
                HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));

        assertThat(alice.publicKey().toBase64()).isEqualTo(WgKeyTest.RFC_PUBLIC_BASE64);
    }

    @Test
    void derived_public_key_equals_what_wg_pubkey_prints() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(WG), "wireguard-tools not installed");
        for (int i = 0; i < 5; i++) {
            WgPrivateKey generated = WgPrivateKey.generate(random);
            assertThat(wgPubkey(generated.toBase64()))
                    .isEqualTo(generated.publicKey().toBase64());
        }
        // An unclamped scalar, as a browser's WebCrypto export may hand over: both sides must clamp alike.
        byte[] unclamped = new byte[32];
        random.nextBytes(unclamped);
        unclamped[0] |= 0x07;
        unclamped[31] |= (byte) 0x80;
        WgPrivateKey raw = new WgPrivateKey(unclamped);
        assertThat(wgPubkey(raw.toBase64())).isEqualTo(raw.publicKey().toBase64());
    }

    @Test
    void generated_keys_are_clamped_like_wg_genkey() {
        for (int i = 0; i < 100; i++) {
            byte[] bytes = WgPrivateKey.generate(random).bytes();
            assertThat(bytes[0] & 0x07).isZero();
            assertThat(bytes[31] & 0xc0).isEqualTo(0x40);
        }
    }

    @Test
    void generated_keys_differ() {
        assertThat(WgPrivateKey.generate(random)).isNotEqualTo(WgPrivateKey.generate(random));
    }

    @Test
    void parses_its_own_text_back() {
        WgPrivateKey key = WgPrivateKey.generate(random);

        assertThat(WgPrivateKey.parse(key.toBase64())).isEqualTo(key);
    }

    @Test
    void parse_names_the_private_key_in_errors() {
        assertThatThrownBy(() -> WgPrivateKey.parse("short")).hasMessageStartingWith("Private key must be exactly 44");
        assertThatThrownBy(() -> WgPrivateKey.parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .hasMessage("Private key is all zeros");
    }

    @Test
    void to_string_is_redacted_also_inside_a_key_pair() {
        WgKeyPair pair = WgKeyPair.generate(random);
        String base64 = pair.privateKey().toBase64();

        assertThat(pair.privateKey().toString()).isEqualTo("WgPrivateKey[redacted]");
        assertThat(pair.toString())
                .doesNotContain(
                        base64.substring(0, 8), pair.publicKey().toBase64().substring(0, 8));
    }

    @Test
    void key_pair_holds_the_matching_public_key() {
        WgKeyPair pair = WgKeyPair.generate(random);

        assertThat(pair.publicKey()).isEqualTo(pair.privateKey().publicKey());
        assertThatThrownBy(() -> new WgKeyPair(
                        pair.privateKey(), WgKeyPair.generate(random).publicKey()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String wgPubkey(String privateKeyBase64) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(WG.toString(), "pubkey")
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((privateKeyBase64 + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("wg pubkey output: %s", output).isZero();
        return output;
    }
}
