package dev.tunnelgate.persistence;

import java.util.Locale;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Names that are unique ignoring case (devices per owner, networks, gateway groups, members per group). A service
 * checks a name before it stores it, for a clear error; a unique constraint on the name's key holds when two
 * requests check at the same moment, and the service turns its refusal into that same error.
 */
public final class UniqueNames {
    /** Separates a name's key from the row id that V7 appended to the key of a row that already had a twin. */
    private static final char TWIN_SEPARATOR = '\n';

    private UniqueNames() {}

    /** The key under which a name is unique: names that differ only in case have the same key. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The key to store for {@code name}, given the stored one: kept while it still belongs to the name (a row that
     * V7 found with a twin in another case carries its id after the key, and keeps it until it is really renamed).
     */
    public static String key(String name, String stored) {
        var key = key(name);
        return stored.equals(key) || stored.startsWith(key + TWIN_SEPARATOR) ? stored : key;
    }

    /** Whether the database refused a row because of the unique constraint {@code constraint} (a lost race). */
    public static boolean refusedBy(DataIntegrityViolationException e, String constraint) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation) {
                var name = violation.getConstraintName();
                // PostgreSQL names the constraint; H2 names its index after it, with the schema in front.
                return name != null && name.toLowerCase(Locale.ROOT).contains(constraint.toLowerCase(Locale.ROOT));
            }
        }
        return false;
    }
}
