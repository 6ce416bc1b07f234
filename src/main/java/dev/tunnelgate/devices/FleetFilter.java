package dev.tunnelgate.devices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which devices the Devices view shows: every field null means "any". The owner matches a user's display name or
 * e-mail address (contains, ignoring case); {@code silentDays} keeps devices without a handshake for that many days (a
 * device never seen counts from its approval, else from its creation); {@code expiresWithinDays} keeps devices whose
 * expiry is at most that many days away (or past).
 */
public record FleetFilter(
        @Nullable String owner,
        @Nullable Long networkId,
        @Nullable DeviceStatus status,
        @Nullable Integer silentDays,
        @Nullable Integer expiresWithinDays) {
    public static final int OWNER_MAX_LENGTH = 200;
    public static final int MAX_DAYS = 3650;
    public static final FleetFilter ANY = new FleetFilter(null, null, null, null, null);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    /** ASCII only, so that no other script's letter case-folds into a status name. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{1,16}");

    public FleetFilter {
        if (owner != null) {
            owner = owner.strip();
            if (owner.isEmpty()) {
                owner = null;
            } else if (!plain(owner)) {
                throw new IllegalArgumentException(
                        "The owner filter is at most %d characters of plain text".formatted(OWNER_MAX_LENGTH));
            }
        }
        if (networkId != null && networkId <= 0) {
            throw new IllegalArgumentException("A network id is positive");
        }
        requireDays(silentDays);
        requireDays(expiresWithinDays);
    }

    public FleetFilter withStatus(@Nullable DeviceStatus value) {
        return new FleetFilter(owner, networkId, value, silentDays, expiresWithinDays);
    }

    /**
     * Reads a filter from a URL's query parameters (owner, network, status, silent, expires). A malformed or hostile
     * parameter is left out, with a note that says so; unknown parameters are ignored silently.
     */
    public static Parsed parse(Map<String, List<String>> parameters) {
        var notes = new ArrayList<Note>();
        var owner = single(parameters, "owner", notes);
        if (owner != null && !plain(owner.strip())) {
            notes.add(new Note("fleet.note.owner", String.valueOf(OWNER_MAX_LENGTH)));
            owner = null;
        }
        Long network = null;
        var networkText = single(parameters, "network", notes);
        if (networkText != null) {
            if (DIGITS.matcher(networkText).matches() && Long.parseLong(networkText) > 0) {
                network = Long.parseLong(networkText);
            } else {
                notes.add(new Note("fleet.note.network"));
            }
        }
        DeviceStatus status = null;
        var statusText = single(parameters, "status", notes);
        if (statusText != null) {
            status = statusOf(statusText);
            if (status == null) {
                notes.add(new Note("fleet.note.status"));
            }
        }
        var silent = days(single(parameters, "silent", notes), "fleet.note.silent", notes);
        var expires = days(single(parameters, "expires", notes), "fleet.note.expires", notes);
        return new Parsed(new FleetFilter(owner, network, status, silent, expires), List.copyOf(notes));
    }

    /** The query parameters that {@link #parse} reads back into this filter; "any" fields are left out. */
    public Map<String, String> toParameters() {
        var parameters = new LinkedHashMap<String, String>();
        if (owner != null) {
            parameters.put("owner", owner);
        }
        if (networkId != null) {
            parameters.put("network", networkId.toString());
        }
        if (status != null) {
            parameters.put("status", status.name().toLowerCase(Locale.ROOT));
        }
        if (silentDays != null) {
            parameters.put("silent", silentDays.toString());
        }
        if (expiresWithinDays != null) {
            parameters.put("expires", expiresWithinDays.toString());
        }
        return parameters;
    }

    /** A filter read from a URL, with what was ignored and why. */
    public record Parsed(FleetFilter filter, List<Note> notes) {}

    /** What was ignored and why, as a text key of the fleet bundle and its arguments. */
    public record Note(String key, List<String> arguments) {
        public Note {
            arguments = List.copyOf(arguments);
        }

        Note(String key, String... arguments) {
            this(key, List.of(arguments));
        }
    }

    private static @Nullable String single(Map<String, List<String>> parameters, String name, List<Note> notes) {
        var values = parameters.getOrDefault(name, List.of());
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            notes.add(new Note("fleet.note.repeated", name));
            return null;
        }
        var value = values.getFirst();
        return value == null || value.isBlank() ? null : value;
    }

    private static @Nullable Integer days(@Nullable String text, String noteKey, List<Note> notes) {
        if (text == null) {
            return null;
        }
        if (DIGITS.matcher(text).matches()) {
            var value = Long.parseLong(text);
            if (value >= 1 && value <= MAX_DAYS) {
                return (int) value;
            }
        }
        notes.add(new Note(noteKey, String.valueOf(MAX_DAYS)));
        return null;
    }

    private static @Nullable DeviceStatus statusOf(String text) {
        var word = text.strip();
        if (!WORD.matcher(word).matches()) {
            return null;
        }
        for (var status : DeviceStatus.values()) {
            if (status.name().equalsIgnoreCase(word)) {
                return status;
            }
        }
        return null;
    }

    /** Single-line text without controls or invisible formatting characters, within the length limit. */
    private static boolean plain(String text) {
        if (text.codePointCount(0, text.length()) > OWNER_MAX_LENGTH) {
            return false;
        }
        return text.codePoints()
                .noneMatch(c -> Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                        || Character.getType(c) == Character.SURROGATE
                        || Character.getType(c) == Character.UNASSIGNED);
    }

    private static void requireDays(@Nullable Integer days) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw new IllegalArgumentException("A number of days is from 1 to " + MAX_DAYS);
        }
    }
}
