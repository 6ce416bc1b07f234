package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TranslationsTest {
    private static final Pattern KEY = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)+");

    @Test
    void every_bundle_has_the_same_keys_in_english_and_german() {
        var english = Translations.bundles("en");
        var german = Translations.bundles("de");
        assertThat(english).as("bundles under i18n/").isNotEmpty();
        assertThat(german.keySet()).as("bundles with a German file").isEqualTo(english.keySet());
        english.forEach((bundle, texts) -> {
            assertThat(german.get(bundle).keySet())
                    .as("keys of %s_de.properties against %s.properties", bundle, bundle)
                    .containsExactlyInAnyOrderElementsOf(texts.keySet());
        });
    }

    @Test
    void every_key_is_prefixed_with_its_bundle_and_every_text_is_written() {
        for (var language : new String[] {"en", "de"}) {
            Translations.bundles(language)
                    .forEach((bundle, texts) -> texts.forEach((key, text) -> {
                        assertThat(key)
                                .as("key in %s (%s)", bundle, language)
                                .matches(KEY)
                                .startsWith(bundle + ".");
                        assertThat(text)
                                .as("%s in %s (%s)", key, bundle, language)
                                .isNotBlank();
                    }));
        }
    }

    @Test
    void texts_with_arguments_are_valid_patterns_with_the_same_arguments_in_both_languages() {
        var german = Translations.bundles("de");
        Translations.bundles("en")
                .forEach((bundle, texts) -> texts.forEach((key, text) -> {
                    var de = german.get(bundle).get(key);
                    if (text.contains("{") || de.contains("{")) {
                        var en = new MessageFormat(text, Locale.ENGLISH);
                        var deFormat = new MessageFormat(de, Locale.GERMAN);
                        assertThat(deFormat.getFormatsByArgumentIndex())
                                .as("arguments of %s", key)
                                .hasSameSizeAs(en.getFormatsByArgumentIndex());
                        // In a pattern a single quote starts quoting and swallows the rest: write '' for an apostrophe.
                        assertThat(text.replace("''", "")).as("%s (en)", key).doesNotContain("'");
                        assertThat(de.replace("''", "")).as("%s (de)", key).doesNotContain("'");
                    }
                }));
    }

    @Test
    void german_and_english_texts_come_back_formatted_in_their_locale() {
        var translations = new Translations();
        assertThat(translations.getTranslation("ui.sign-out", Locale.GERMAN)).isEqualTo("Abmelden");
        assertThat(translations.getTranslation("ui.sign-out", Locale.ENGLISH)).isEqualTo("Sign out");
        assertThat(translations.getTranslation("ui.sign-out", Locale.FRENCH)).isEqualTo("Sign out");
        assertThat(translations.getTranslation("ui.no-such-key", Locale.ENGLISH))
                .isEqualTo("!ui.no-such-key!");
    }
}
