package dev.tunnelgate.identity.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DevIdpProductionGuardTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(DevIdpConfiguration.class);

    @Test
    void the_production_profile_refuses_to_start_with_the_dev_idp_enabled() {
        runner.withPropertyValues("tunnelgate.dev-idp.enabled=true", "spring.profiles.active=production")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("dev IdP")
                            .hasMessageContaining("TUNNELGATE_DEV_IDP_ENABLED=false");
                });
    }

    @Test
    void with_the_dev_idp_disabled_none_of_it_is_created() {
        runner.withPropertyValues("tunnelgate.dev-idp.enabled=false", "spring.profiles.active=production")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DevIdpClient.class);
                });
    }
}
