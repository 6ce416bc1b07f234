package dev.tunnelgate.scim;

import java.util.Optional;
import java.util.regex.Pattern;

/** SCIM ids are the portal's row ids as decimal text; anything else names nothing. */
final class ScimIds {
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private ScimIds() {}

    static Optional<Long> parse(String text) {
        return ID.matcher(text).matches() ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }
}
