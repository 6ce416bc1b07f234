package dev.tunnelgate.api;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Strong ETags over an entity's version ({@code "v7"}), for optimistic locking through If-Match. The version
 * comparison itself must happen under the row lock in the service (pass {@link #expectedVersion} down), so that two
 * updates with the same If-Match cannot both win.
 */
public final class ETags {
    private static final Pattern VERSION_TAG = Pattern.compile("(?:W/)?\"v([0-9]{1,9})\"");

    private ETags() {}

    /** The ETag of this version. */
    public static String of(int version) {
        return "\"v" + version + "\"";
    }

    /**
     * The version an If-Match header names: 428 when it is missing, 412 when it names no version of ours (a
     * malformed tag can match no version).
     */
    public static int expectedVersion(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException(
                    "This update needs an If-Match header with the ETag of the version it changes");
        }
        var matcher = VERSION_TAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw new PreconditionFailedException("If-Match names no version of this object");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Refuses with 412 unless the stored version is the expected one; call it holding the row lock. */
    public static void requireVersion(int expected, int stored) {
        if (expected != stored) {
            throw new PreconditionFailedException(
                    "The object changed since that version (now %s); read it again".formatted(of(stored)));
        }
    }
}
