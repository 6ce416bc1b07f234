package dev.tunnelgate.audit;

import java.util.regex.Pattern;

/**
 * The object an audit event is about, stored as {@code kind:id} (such as {@code device:42}). Old rows hold these
 * texts and the Audit view filters by them exactly, so the stored form of a kind never changes.
 *
 * <p>Only the audit log reads this text: lease holders and the associated data of sealed secrets spell the same
 * today, but have their own names in their own features, so that neither follows a change made here.
 */
public record AuditTarget(Kind kind, String id) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._?-]{1,64}");

    /** The kinds of object the log speaks about, with their stored prefixes. */
    public enum Kind {
        USER("user"),
        DEVICE("device"),
        NETWORK("network"),
        GATEWAY_GROUP("gateway-group"),
        GATEWAY_MEMBER("gateway-member"),
        JOB("job"),
        DESTINATION("destination"),
        POLICY("policy"),
        API_TOKEN("api-token"),
        SCIM_GROUP("scim-group"),
        SYSTEM("system");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The stored form, such as {@code gateway-member}. */
        public String prefix() {
            return prefix;
        }
    }

    public AuditTarget {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("An audit target id is 1 to 64 letters, digits or ._?- characters");
        }
    }

    public static AuditTarget user(long id) {
        return new AuditTarget(Kind.USER, Long.toString(id));
    }

    public static AuditTarget device(long id) {
        return new AuditTarget(Kind.DEVICE, Long.toString(id));
    }

    public static AuditTarget network(long id) {
        return new AuditTarget(Kind.NETWORK, Long.toString(id));
    }

    public static AuditTarget gatewayGroup(long id) {
        return new AuditTarget(Kind.GATEWAY_GROUP, Long.toString(id));
    }

    public static AuditTarget gatewayMember(long id) {
        return new AuditTarget(Kind.GATEWAY_MEMBER, Long.toString(id));
    }

    /** A gateway member that a refused credential did not identify. */
    public static AuditTarget unknownGatewayMember() {
        return new AuditTarget(Kind.GATEWAY_MEMBER, "?");
    }

    public static AuditTarget job(long id) {
        return new AuditTarget(Kind.JOB, Long.toString(id));
    }

    public static AuditTarget destination(long id) {
        return new AuditTarget(Kind.DESTINATION, Long.toString(id));
    }

    public static AuditTarget policy(long id) {
        return new AuditTarget(Kind.POLICY, Long.toString(id));
    }

    public static AuditTarget apiToken(long id) {
        return new AuditTarget(Kind.API_TOKEN, Long.toString(id));
    }

    /** An API token that a refused request did not identify. */
    public static AuditTarget unknownApiToken() {
        return new AuditTarget(Kind.API_TOKEN, "?");
    }

    public static AuditTarget scimGroup(long id) {
        return new AuditTarget(Kind.SCIM_GROUP, Long.toString(id));
    }

    /** A task of the portal itself, such as {@code system:housekeeping}. */
    public static AuditTarget system(String task) {
        return new AuditTarget(Kind.SYSTEM, task);
    }

    /** The stored form, such as {@code device:42}. */
    public String text() {
        return kind.prefix() + ":" + id;
    }

    @Override
    public String toString() {
        return text();
    }
}
