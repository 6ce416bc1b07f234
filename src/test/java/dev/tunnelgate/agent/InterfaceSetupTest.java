package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterfaceSetupTest {
    @Test
    void only_global_addresses_are_candidates_for_removal() {
        String shown = """
                12: wg0    inet 10.77.0.1/24 scope global wg0\\       valid_lft forever preferred_lft forever
                12: wg0    inet 10.1.0.1 peer 10.1.0.2/32 scope global wg0\\       valid_lft forever preferred_lft forever
                12: wg0    inet6 fd77::1/64 scope global \\       valid_lft forever preferred_lft forever
                12: wg0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever
                """;

        assertThat(InterfaceSetup.globalAddresses(shown)).containsExactly("10.77.0.1/24", "fd77::1/64");
    }
}
