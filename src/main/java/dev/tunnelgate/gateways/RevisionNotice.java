package dev.tunnelgate.gateways;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The payload of a PostgreSQL notification on {@link #CHANNEL}: {@code <groupId>:<revision>}, both decimal. Any
 * session of the database may notify on any channel, so a payload is parsed strictly and taken as a hint only: the
 * listener reads the group's revision from the database before it wakes anyone.
 */
record RevisionNotice(long groupId, long revision) {
    static final String CHANNEL = "tunnelgate_revisions";

    /** Longest payload a valid notice can have: two longs and a colon. */
    private static final int MAX_LENGTH = 19 + 1 + 19;

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,18}):(0|[1-9][0-9]{0,18})");

    RevisionNotice {
        if (groupId <= 0 || revision < 0) {
            throw new IllegalArgumentException("a notice names a group (positive id) and a revision (not negative)");
        }
    }

    String payload() {
        return groupId + ":" + revision;
    }

    /** The notice a payload carries, or empty when it is not one (wrong form, out of range). */
    static Optional<RevisionNotice> parse(String payload) {
        if (payload.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        var matcher = FORM.matcher(payload);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RevisionNotice(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}
