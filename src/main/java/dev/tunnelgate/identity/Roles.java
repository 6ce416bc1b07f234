package dev.tunnelgate.identity;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Role names as Spring Security and {@code @RolesAllowed} see them (without the ROLE_ prefix). */
public final class Roles {
    public static final String USER = "USER";
    public static final String ADMIN = "ADMIN";
    public static final String APPROVER = "APPROVER";
    public static final String AUDITOR = "AUDITOR";

    /**
     * The identity provider's provisioning client (SCIM): never a person's role, never stored; only the SCIM chain
     * grants it, to the request that presented the configured token.
     */
    public static final String PROVISIONER = "PROVISIONER";

    private Roles() {}

    /** The roles a member of the given groups gets; every signed-in user is a USER, an admin is everything. */
    static Set<Role> fromGroups(Set<String> groups, IdentitySettings settings) {
        var roles = EnumSet.of(Role.USER);
        if (groups.contains(settings.adminGroup())) {
            roles.addAll(EnumSet.allOf(Role.class));
        }
        if (groups.contains(settings.approverGroup())) {
            roles.add(Role.APPROVER);
        }
        if (groups.contains(settings.auditorGroup())) {
            roles.add(Role.AUDITOR);
        }
        return roles;
    }

    /** The stored form of a set of roles, such as {@code [APPROVER, USER]}. */
    static String text(Set<Role> roles) {
        return roles.stream()
                .map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new))
                .toString();
    }

    enum Role {
        USER,
        ADMIN,
        APPROVER,
        AUDITOR;

        String authority() {
            return "ROLE_" + name();
        }
    }
}
