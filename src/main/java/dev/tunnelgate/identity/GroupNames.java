package dev.tunnelgate.identity;

import dev.tunnelgate.text.SafeText;

/**
 * IdP group names as the portal keeps them: as they arrive in the groups claim, without the leading '/' of a full
 * path (Keycloak's group mapper may send "/engineering"). Access policies name groups the same way, so that a name
 * an admin types matches the name a sign-in records.
 */
public final class GroupNames {
    /** The longest group name that is recorded and that a policy may name (the columns' size). */
    public static final int MAX_LENGTH = 256;

    private GroupNames() {}

    /** The name without one leading '/'. */
    public static String normalize(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** Whether a normalized name can be recorded: 1 to {@link #MAX_LENGTH} characters, all of them safe in one line. */
    public static boolean isRecordable(String name) {
        int length = name.codePointCount(0, name.length());
        return length >= 1 && length <= MAX_LENGTH && name.codePoints().allMatch(SafeText::isSafe);
    }
}
