package dev.tunnelgate.ui;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The user menu's choices, remembered per user (the identity feature stores them on the account). */
public interface UserChoices {
    /** A user's choices; null fields follow the browser (its language, the operating system's colour scheme). */
    record Choice(@Nullable String language, @Nullable String colorScheme) {
        public static final Choice BROWSER = new Choice(null, null);

        public @Nullable Locale locale() {
            return language == null ? null : Locale.forLanguageTag(language);
        }
    }

    /** The signed-in user's choices, {@link Choice#BROWSER} when nobody is signed in. */
    Choice mine();

    /** Remembers {@code en} or {@code de}, or with null follows the browser again. */
    void chooseLanguage(@Nullable String language);

    /** Remembers {@code light} or {@code dark}, or with null follows the operating system again. */
    void chooseColorScheme(@Nullable String colorScheme);
}
