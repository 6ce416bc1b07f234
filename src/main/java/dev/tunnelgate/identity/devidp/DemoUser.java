package dev.tunnelgate.identity.devidp;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.core.env.Environment;

/** A user of the embedded IdP. Passwords are public by design: this IdP is for trying Tunnelgate out. */
record DemoUser(String username, String password, String name, String email, List<String> groups, String role) {
    static final List<DemoUser> ALL = List.of(
            new DemoUser(
                    "alice",
                    "alice",
                    "Alice Admin",
                    "alice@example.com",
                    List.of("tunnelgate-admins", "engineering"),
                    "admin"),
            new DemoUser("bob", "bob", "Bob Employee", "bob@example.com", List.of("engineering"), "employee"),
            new DemoUser(
                    "carol",
                    "carol",
                    "Carol Approver",
                    "carol@example.com",
                    List.of("tunnelgate-approvers"),
                    "approver"),
            new DemoUser(
                    "dave", "dave", "Dave Auditor", "dave@example.com", List.of("tunnelgate-auditors"), "auditor"));

    /** The property that replaces a demo user's groups: {@code tunnelgate.dev-idp.groups.bob=engineering,finance}. */
    static final String GROUPS_PROPERTY = "tunnelgate.dev-idp.groups.";

    static Optional<DemoUser> byUsername(String username) {
        return ALL.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    /**
     * The groups the IdP puts into this user's token: the defaults above, or those of {@link #GROUPS_PROPERTY}
     * (comma-separated, empty for none), so that a group change at the IdP can be tried out and tested.
     */
    List<String> groups(Environment environment) {
        String configured = environment.getProperty(GROUPS_PROPERTY + username);
        if (configured == null) {
            return groups;
        }
        return Arrays.stream(configured.split(","))
                .map(String::strip)
                .filter(g -> !g.isEmpty())
                .distinct()
                .toList();
    }
}
