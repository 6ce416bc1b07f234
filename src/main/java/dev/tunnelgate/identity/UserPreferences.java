package dev.tunnelgate.identity;

import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.ui.UserChoices;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the signed-in user chose in the user menu: the portal's language and its colour scheme, remembered on their
 * account so that every browser they sign in from shows the same. Null means "follow the browser".
 */
@Service
public class UserPreferences implements UserChoices {
    /** The languages the portal speaks, as language tags. */
    public static final Set<String> LANGUAGES = Set.of("en", "de");

    /** The colour schemes a user can pin; null follows the operating system. */
    public static final Set<String> COLOR_SCHEMES = Set.of("light", "dark");

    private final AppUserRepository users;
    private final CurrentUser currentUser;

    UserPreferences(AppUserRepository users, CurrentUser currentUser) {
        this.users = users;
        this.currentUser = currentUser;
    }

    @Override
    @Transactional(readOnly = true)
    public Choice mine() {
        return currentUser
                .get()
                .flatMap(signedIn -> users.findById(signedIn.userId()))
                .map(user -> new Choice(user.uiLanguage(), user.colorScheme()))
                .orElse(Choice.BROWSER);
    }

    /** Remembers the language ({@code en}, {@code de}) or, with null, follows the browser again. */
    @Override
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public void chooseLanguage(@Nullable String language) {
        if (language != null && !LANGUAGES.contains(language)) {
            throw new InvalidInputException(
                    "Language",
                    Message.of(
                            "refusals.preferences.language",
                            String.join(", ", LANGUAGES.stream().sorted().toList())));
        }
        var user = users.lockById(currentUser.require().userId()).orElseThrow();
        user.choose(language, user.colorScheme());
    }

    /** Remembers {@code light} or {@code dark} or, with null, follows the operating system again. */
    @Override
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public void chooseColorScheme(@Nullable String colorScheme) {
        if (colorScheme != null && !COLOR_SCHEMES.contains(colorScheme)) {
            throw new InvalidInputException("Colour scheme", Message.of("refusals.preferences.color-scheme"));
        }
        var user = users.lockById(currentUser.require().userId()).orElseThrow();
        user.choose(user.uiLanguage(), colorScheme);
    }
}
