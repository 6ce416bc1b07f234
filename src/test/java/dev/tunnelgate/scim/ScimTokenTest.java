package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScimTokenTest {
    private static final String TOKEN = "k3y-0f-the-identity-provider-0123456789abcdef";

    private static ScimSettings settings(String token, String file) {
        return new ScimSettings(token, file, "", ScimSettings.SubjectAttribute.EXTERNAL_ID);
    }

    @Test
    void no_token_means_scim_is_off_and_nothing_matches() {
        var token = new ScimToken(settings("", ""));
        assertThat(token.configured()).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(TOKEN)).isFalse();
    }

    @Test
    void only_the_configured_token_matches() {
        var token = new ScimToken(settings(TOKEN, ""));
        assertThat(token.configured()).isTrue();
        assertThat(token.matches(TOKEN)).isTrue();
        assertThat(token.matches(TOKEN + "x")).isFalse();
        assertThat(token.matches(TOKEN.substring(1))).isFalse();
        assertThat(token.matches(TOKEN.replace('k', 'K'))).isFalse();
        assertThat(token.matches("ä" + TOKEN)).isFalse();
        assertThat(token.matches("x".repeat(10_000))).isFalse();
    }

    @Test
    void the_token_can_come_from_a_file(@TempDir Path dir) throws Exception {
        var file = dir.resolve("scim-token");
        Files.writeString(file, TOKEN + "\n");
        var token = new ScimToken(settings("", file.toString()));
        assertThat(token.matches(TOKEN)).isTrue();
        assertThatThrownBy(() -> new ScimToken(settings(TOKEN, file.toString())))
                .hasMessageContaining("not both");
        assertThatThrownBy(
                        () -> new ScimToken(settings("", dir.resolve("missing").toString())))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void weak_or_odd_tokens_stop_the_start() {
        for (var weak :
                new String[] {"short", "x".repeat(31), "with space " + TOKEN, TOKEN + "\u00e9", "x".repeat(513)}) {
            assertThatThrownBy(() -> new ScimToken(settings(weak, "")))
                    .as(weak)
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
