package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.secrets.SecretBox;
import dev.tunnelgate.secrets.SecretUnreadableException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DevicePskTest {
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] PSK =
            HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    /**
     * {@link #PSK} sealed once under {@link #KEY} for device 42, with the associated data of that time
     * ({@code device:42}), and kept as it would be in a device row. Never re-seal it to make this test pass: if the
     * associated data changes, every preshared key stored so far stops opening.
     */
    private static final String STORED_FOR_DEVICE_42 =
            "v1:J0OeylrCOXJz/y4Im9TAWxvlbojXaRarw/zJ+OPza7tEXnWpaB28gPyfiGSTgHBHUr+i3KoDra2l4Kbq";

    private final SecretBox box = new SecretBox(KEY);

    @Test
    void a_preshared_key_stored_by_an_earlier_version_still_opens() {
        assertThat(box.open(STORED_FOR_DEVICE_42, DevicePsk.associatedData(42))).isEqualTo(PSK);
    }

    @Test
    void a_stored_preshared_key_opens_only_for_its_own_device() {
        assertThatThrownBy(() -> box.open(STORED_FOR_DEVICE_42, DevicePsk.associatedData(43)))
                .isInstanceOf(SecretUnreadableException.class);
    }
}
