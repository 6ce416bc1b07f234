package dev.tunnelgate.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTextTest {
    private static final String LABEL = "Device name";

    @Test
    void returns_ordinary_text_trimmed() {
        assertThat(SafeText.clean("  Anna's laptop  ", LABEL, 1, 64)).isEqualTo("Anna's laptop");
    }

    @Test
    void keeps_non_latin_letters_and_emoji() {
        assertThat(SafeText.clean("Büro-PC 日本 \uD83D\uDCBB", LABEL, 1, 64)).isEqualTo("Büro-PC 日本 \uD83D\uDCBB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nPostUp = sh", "a\rb", "a\r\nb", "name\n", "a\u0085b", "a\u2028b", "a\u2029b"})
    void rejects_anything_that_starts_a_new_line(String hostile) {
        assertThatThrownBy(() -> SafeText.clean(hostile, LABEL, 1, 64))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Device name contains a line break");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\tb", "\u001b[31mred", "a\u007fb", "a\u009bb"})
    void rejects_control_characters(String hostile) {
        assertThatThrownBy(() -> SafeText.clean(hostile, LABEL, 1, 64))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Device name contains a control character");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\u200bb",
                "a\u200eb",
                "a\u200fb",
                "a\u202eb",
                "a\u202ab",
                "a\u2066b",
                "a\u2069b",
                "\ufeffname",
                "a\u00adb",
                "a\u2060b",
                "a\uDB40\uDC41b"
            })
    void rejects_invisible_and_bidirectional_formatting_characters(String hostile) {
        assertThatThrownBy(() -> SafeText.clean(hostile, LABEL, 1, 64))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Device name contains an invisible formatting character");
    }

    @Test
    void rejects_an_unpaired_surrogate() {
        assertThatThrownBy(() -> SafeText.clean("a\uD83Db", LABEL, 1, 64))
                .hasMessageContaining("broken character encoding");
    }

    private enum Field implements FieldKey {
        DEVICE_NAME;

        @Override
        public String label() {
            return LABEL;
        }
    }

    @Test
    void an_error_names_the_field_by_its_key_with_the_same_message() {
        assertThatThrownBy(() -> SafeText.clean("laptop\u202Etxt.exe", Field.DEVICE_NAME, 1, 64))
                .hasMessage("Device name contains an invisible formatting character (U+202E) at position 7")
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(Field.DEVICE_NAME);
                    assertThat(e.fieldLabel()).isEqualTo(LABEL);
                });
        assertThatThrownBy(() -> SafeText.clean(" ", Field.DEVICE_NAME, 1, 64))
                .hasMessage("Device name is required")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(Field.DEVICE_NAME));
        assertThatThrownBy(() -> SafeText.clean(" ", LABEL, 1, 64))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isNull());
    }

    @Test
    void error_names_the_code_point_and_position_but_not_the_text() {
        assertThatThrownBy(() -> SafeText.clean("secret\u202Etxt.exe", LABEL, 1, 64))
                .hasMessage("Device name contains an invisible formatting character (U+202E) at position 7")
                .satisfies(e ->
                        assertThat(((InvalidInputException) e).fieldLabel()).isEqualTo(LABEL));
    }

    @Test
    void counts_length_in_code_points_not_chars() {
        String fourEmoji = "\uD83D\uDCBB".repeat(4);

        assertThat(SafeText.clean(fourEmoji, LABEL, 1, 4)).isEqualTo(fourEmoji);
        assertThatThrownBy(() -> SafeText.clean(fourEmoji + "x", LABEL, 1, 4))
                .hasMessage("Device name must be at most 4 characters long (it has 5)");
    }

    @Test
    void checks_length_after_trimming() {
        assertThat(SafeText.clean("  abcd  ", LABEL, 4, 4)).isEqualTo("abcd");
        assertThatThrownBy(() -> SafeText.clean("  ab  ", LABEL, 3, 10))
                .hasMessage("Device name must be at least 3 characters long");
    }

    @Test
    void blank_or_missing_text_is_required() {
        assertThatThrownBy(() -> SafeText.clean("   ", LABEL, 1, 10)).hasMessage("Device name is required");
        assertThatThrownBy(() -> SafeText.clean(null, LABEL, 0, 10)).hasMessage("Device name is required");
        assertThat(SafeText.clean("   ", LABEL, 0, 10)).isEmpty();
    }

    @Test
    void rejects_nonsensical_bounds_as_a_programming_error() {
        assertThatThrownBy(() -> SafeText.clean("x", LABEL, 5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(InvalidInputException.class);
    }

    @Test
    void one_line_replaces_every_unsafe_character_and_cuts_long_text_with_a_marker() {
        assertThat(SafeText.oneLine("a\r\nb\u2028c\u202Ed\u0000e", 100, "?")).isEqualTo("a??b?c?d?e");
        assertThat(SafeText.oneLine("a\nb", 100, "")).isEqualTo("ab");
        assertThat(SafeText.oneLine("x".repeat(10), 5, "?")).isEqualTo("xxxx…");
        assertThat(SafeText.oneLine("\uD83D\uDE00".repeat(4), 3, "?")).isEqualTo("\uD83D\uDE00\uD83D\uDE00…");
    }
}
