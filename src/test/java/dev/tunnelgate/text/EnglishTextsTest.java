package dev.tunnelgate.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.devices.DeviceNotFoundException;
import dev.tunnelgate.identity.UserDirectory;
import org.junit.jupiter.api.Test;

/** A refusal made from a text key reads in English exactly as the English-only refusals read before. */
class EnglishTextsTest {
    @Test
    void a_key_with_arguments_is_formatted_like_the_old_english_text_without_grouping_numbers() {
        var refusal = assertThatThrownBy(() -> SafeText.clean("x".repeat(1234), "Reason", 1, 1000))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Reason must be at most 1000 characters long (it has 1234)");
        refusal.extracting(e -> ((InvalidInputException) e).message())
                .isEqualTo(Message.of("refusals.text.too-long", "Reason", 1000, 1234));

        assertThatThrownBy(() -> SafeText.clean("a\u202Eb", "Name", 1, 10))
                .hasMessage("Name contains an invisible formatting character (U+202E) at position 2");
        assertThat(new DeviceNotFoundException(12345).getMessage()).isEqualTo("No device 12345");
        assertThat(EnglishTexts.format(Message.of("refusals.device.limit", 3)))
                .isEqualTo("You have reached this network's limit of 3 devices; revoke one first");
    }

    @Test
    void a_key_without_arguments_is_used_as_written() {
        assertThat(EnglishTexts.format(Message.of("refusals.device.key.gateway")))
                .isEqualTo("This is a gateway's public key, not a device's");
        assertThat(UserDirectory.OFFBOARDED)
                .isEqualTo("This account has been offboarded by an administrator: it cannot add or change devices"
                        + " until an admin restores it");
    }

    @Test
    void an_unknown_key_is_a_programming_error() {
        assertThatThrownBy(() -> new ConflictException(Message.of("refusals.no-such-key")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusals.no-such-key");
    }
}
