package dev.tunnelgate.identity.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DemoUserTest {
    private final DemoUser bob = DemoUser.byUsername("bob").orElseThrow();

    @Test
    void without_configuration_a_demo_user_has_the_default_groups() {
        assertThat(bob.groups(new MockEnvironment())).containsExactly("engineering");
    }

    @Test
    void a_configured_list_replaces_the_groups_and_an_empty_one_removes_them_all() {
        var environment = new MockEnvironment()
                .withProperty("tunnelgate.dev-idp.groups.bob", " finance , ops,finance,, ")
                .withProperty("tunnelgate.dev-idp.groups.carol", "");

        assertThat(bob.groups(environment)).containsExactly("finance", "ops");
        assertThat(DemoUser.byUsername("carol").orElseThrow().groups(environment))
                .isEmpty();
        assertThat(DemoUser.byUsername("alice").orElseThrow().groups(environment))
                .containsExactly("tunnelgate-admins", "engineering");
    }
}
