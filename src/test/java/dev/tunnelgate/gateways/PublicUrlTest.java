package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** tunnelgate.public-url: what is accepted, and a value no agent could use stops the portal with the reason. */
class PublicUrlTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(PortalAddressConfiguration.class);

    @Test
    void an_http_or_https_url_with_at_most_a_folder_is_taken_without_its_trailing_slash() {
        assertThat(PublicUrl.valueOf("https://vpn.example.com")).hasToString("https://vpn.example.com");
        assertThat(PublicUrl.valueOf(" HTTPS://vpn.example.com:8443/ ")).hasToString("https://vpn.example.com:8443");
        assertThat(PublicUrl.valueOf("http://10.0.0.5:8080/tunnelgate/"))
                .hasToString("http://10.0.0.5:8080/tunnelgate");
        assertThat(PublicUrl.valueOf("https://[2001:db8::1]/vpn/portal"))
                .hasToString("https://[2001:db8::1]/vpn/portal");
    }

    @Test
    void anything_else_is_refused_with_the_property_and_the_reason() {
        for (var bad : List.of(
                "vpn.example.com",
                "/tunnelgate",
                "ftp://vpn.example.com",
                "https://",
                "https://user:secret@vpn.example.com",
                "https://vpn.example.com/?x=1",
                "https://vpn.example.com/#top",
                "https://vpn.example.com/a/../b",
                "https://vpn.example.com//double",
                "https://vpn.example.com/with space",
                "https://vpn.example.com/a&b",
                "https://vpn.example.com/it's",
                "https://vpn.example.com/$(id)")) {
            assertThatThrownBy(() -> PublicUrl.valueOf(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("tunnelgate.public-url \"" + bad + "\" is not usable: ");
        }
    }

    @Test
    void the_portal_starts_without_it_and_with_a_good_one() {
        runner.run(context ->
                assertThat(context.getBean(PortalAddress.class).configured()).isEmpty());
        runner.withPropertyValues("tunnelgate.public-url=")
                .run(context -> assertThat(context.getBean(PortalAddress.class).configured())
                        .isEmpty());
        runner.withPropertyValues("tunnelgate.public-url=https://vpn.example.com/")
                .run(context -> assertThat(context.getBean(PortalAddress.class).configured())
                        .map(PublicUrl::toString)
                        .contains("https://vpn.example.com"));
    }

    @Test
    void a_bad_value_stops_the_start_naming_the_property_and_why() {
        runner.withPropertyValues("tunnelgate.public-url=https://vpn.example.com/login?next=/")
                .run(context -> {
                    assertThat(context).hasFailed();
                    var messages = new StringBuilder();
                    for (Throwable e = context.getStartupFailure(); e != null; e = e.getCause()) {
                        messages.append(e.getMessage()).append('\n');
                    }
                    assertThat(messages.toString())
                            .contains("tunnelgate.public-url")
                            .contains("must not carry a user, a query or a fragment");
                });
    }
}
