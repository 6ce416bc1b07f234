package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.keys.KeyText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceSetupTest {
    @TempDir
    Path dir;

    @Test
    void a_missing_private_key_is_generated_owner_only_and_nothing_else_is_left_in_the_folder() throws IOException {
        Path file = dir.resolve("keys").resolve("private.key");

        new InterfaceSetup().ensurePrivateKey(file); // runs `wg genkey` (wireguard-tools, which .ci/run installs)

        assertThat(KeyText.isKey(Files.readString(file).strip())).isTrue();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void an_existing_key_is_kept_and_an_unusable_one_is_refused_not_replaced() throws IOException {
        var setup = new InterfaceSetup();
        Path file = dir.resolve("private.key");
        String key = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
        Files.writeString(file, key + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(setup.ensurePrivateKey(file)).isEqualTo(file);
        assertThat(Files.readString(file).strip()).isEqualTo(key);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> setup.ensurePrivateKey(file)).hasMessageContaining("chmod 600");

        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> setup.ensurePrivateKey(file)).hasMessageContaining("does not hold a WireGuard key");
        assertThat(Files.readString(file)).isEmpty();
    }

    @Test
    void only_global_addresses_are_candidates_for_removal() {
        String shown = """
                12: wg0    inet 10.77.0.1/24 scope global wg0\\       valid_lft forever preferred_lft forever
                12: wg0    inet 10.1.0.1 peer 10.1.0.2/32 scope global wg0\\       valid_lft forever preferred_lft forever
                12: wg0    inet6 fd77::1/64 scope global \\       valid_lft forever preferred_lft forever
                12: wg0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever
                """;

        assertThat(InterfaceSetup.globalAddresses(shown)).containsExactly("10.77.0.1/24", "fd77::1/64");
    }
}
