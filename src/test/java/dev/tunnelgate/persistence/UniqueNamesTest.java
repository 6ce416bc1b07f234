package dev.tunnelgate.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class UniqueNamesTest {
    @Test
    void names_that_differ_only_in_case_have_one_key_whatever_the_default_locale() {
        var before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(UniqueNames.key("OFFICE"))
                    .isEqualTo(UniqueNames.key("office"))
                    .isEqualTo("office");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void a_renamed_row_gets_its_new_names_key() {
        assertThat(UniqueNames.key("Tablet", "")).isEqualTo("tablet");
        assertThat(UniqueNames.key("Tablet", "phone")).isEqualTo("tablet");
        assertThat(UniqueNames.key("Tablet", "phone\n42")).isEqualTo("tablet");
    }

    @Test
    void a_row_that_had_a_twin_before_names_were_unique_ignoring_case_keeps_its_key_while_it_keeps_its_name() {
        assertThat(UniqueNames.key("PHONE", "phone\n42")).isEqualTo("phone\n42");
        assertThat(UniqueNames.key("Phone", "phone\n42")).isEqualTo("phone\n42");
        // A longer name that merely starts like the old one is a new name.
        assertThat(UniqueNames.key("Phone 2", "phone\n42")).isEqualTo("phone 2");
    }
}
