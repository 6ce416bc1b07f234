package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFileTest {
    @TempDir
    Path dir;

    Path tokenFile(String content, String mode) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void an_owner_only_file_with_one_line_gives_the_token(String mode) throws IOException {
        assertThat(TokenFile.read(tokenFile("gw1.abcDEF_123-xyz=\n", mode))).isEqualTo("gw1.abcDEF_123-xyz=");
        assertThat(TokenFile.read(tokenFile("gw1.abc", mode))).isEqualTo("gw1.abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-", "rwx--x---"})
    void a_file_others_could_read_or_change_is_refused(String mode) throws IOException {
        Path file = tokenFile("gw1.abc\n", mode);

        assertThatThrownBy(() -> TokenFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("readable by its owner only")
                .hasMessageNotContaining("gw1.abc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\n",
                "gw1 abc\n",
                "gw1.abc\ngw2.def\n",
                "gw1.abc\n\n",
                "gw1.abc\r\n",
                "gw1.\u00e4bc",
                "\tgw1"
            })
    void anything_but_one_token_line_is_refused_without_echoing_it(String content) throws IOException {
        Path file = tokenFile(content, "rw-------");

        assertThatThrownBy(() -> TokenFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exactly one line")
                .hasMessageNotContaining("gw1");
    }

    @Test
    void a_missing_file_a_directory_or_an_oversized_file_is_refused() throws IOException {
        Path big = tokenFile("x".repeat(TokenFile.MAX_LENGTH + 2), "rw-------");

        assertThatThrownBy(() -> TokenFile.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TokenFile.read(dir)).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> TokenFile.read(big)).hasMessageContaining("larger");
    }
}
