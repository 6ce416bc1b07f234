package dev.tunnelgate.networks;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * On the embedded default (dev IdP on), the first start creates one network so that a newcomer
 * can enroll a device at once. Production starts with none: the admin creates them.
 */
@Component
@ConditionalOnProperty(name = "tunnelgate.dev-idp.enabled", havingValue = "true")
class DefaultNetwork implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DefaultNetwork.class);

    private final NetworkService networks;
    private final String endpoint;

    DefaultNetwork(NetworkService networks, @Value("${tunnelgate.default-network.endpoint}") String endpoint) {
        this.networks = networks;
        this.endpoint = endpoint;
    }

    static NetworkSpec spec(String endpoint) {
        return new NetworkSpec(
                "Office",
                "10.10.0.0/16",
                "fd00:10::/64",
                List.of("10.10.0.1", "fd00:10::1"),
                // No DNS: nothing answers on the gateway address unless the admin runs a resolver there, and a
                // client told to use it loses name resolution when the tunnel is up. Networks already created
                // keep what their admin set.
                List.of(),
                NetworkSpec.DEFAULT_MTU,
                NetworkSpec.DEFAULT_KEEPALIVE,
                endpoint,
                TunnelMode.SPLIT,
                List.of("10.10.0.0/16", "fd00:10::/64"),
                ApprovalMode.GROUPS,
                List.of("tunnelgate-admins"),
                5,
                null);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (networks.createDefaultIfNone(spec(endpoint))) {
            log.info("Created the default network \"Office\" (10.10.0.0/16, fd00:10::/64, endpoint {})", endpoint);
        }
    }
}
