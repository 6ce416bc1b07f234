package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.identity.Roles.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {
    private final IdentitySettings settings = new IdentitySettings("groups", "admins", "approvers", "auditors");

    @Test
    void a_member_of_no_group_is_only_a_user() {
        assertThat(Roles.fromGroups(Set.of(), settings)).containsExactly(Role.USER);
        assertThat(Roles.fromGroups(Set.of("staff", "Admins"), settings)).containsExactly(Role.USER);
    }

    @Test
    void an_admin_has_every_role() {
        assertThat(Roles.fromGroups(Set.of("admins"), settings)).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void approver_and_auditor_groups_add_just_their_role() {
        assertThat(Roles.fromGroups(Set.of("approvers"), settings)).containsExactlyInAnyOrder(Role.USER, Role.APPROVER);
        assertThat(Roles.fromGroups(Set.of("auditors"), settings)).containsExactlyInAnyOrder(Role.USER, Role.AUDITOR);
    }

    @Test
    void authorities_carry_the_spring_role_prefix() {
        assertThat(Role.ADMIN.authority()).isEqualTo("ROLE_" + Roles.ADMIN);
        assertThat(Role.USER.authority()).isEqualTo("ROLE_" + Roles.USER);
    }
}
