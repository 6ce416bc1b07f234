package dev.tunnelgate.identity.devidp;

import java.util.List;
import java.util.Optional;

/** A user of the embedded IdP. Passwords are public by design: this IdP is for trying Tunnelgate out. */
record DemoUser(String username, String password, String name, String email, List<String> groups, String role) {
    static final List<DemoUser> ALL = List.of(
            new DemoUser("alice", "alice", "Alice Admin", "alice@example.com", List.of("tunnelgate-admins"), "admin"),
            new DemoUser("bob", "bob", "Bob Employee", "bob@example.com", List.of(), "employee"),
            new DemoUser(
                    "carol",
                    "carol",
                    "Carol Approver",
                    "carol@example.com",
                    List.of("tunnelgate-approvers"),
                    "approver"),
            new DemoUser(
                    "dave", "dave", "Dave Auditor", "dave@example.com", List.of("tunnelgate-auditors"), "auditor"));

    static Optional<DemoUser> byUsername(String username) {
        return ALL.stream().filter(u -> u.username().equals(username)).findFirst();
    }
}
