package dev.tunnelgate.metrics;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Metrics on a management port are served without credentials, so the operator names the address they listen on:
 * with {@code management.server.port} set and no {@code management.server.address}, the portal refuses to start
 * (Spring Boot would otherwise listen on every interface, and refuses an address without a port, so no default can
 * be written in application.properties).
 */
@Component
class ManagementAddressCheck {
    ManagementAddressCheck(Environment environment) {
        var port = environment.getProperty("management.server.port", "").strip();
        var address = environment.getProperty("management.server.address", "").strip();
        if (!port.isEmpty() && !port.equals("-1") && address.isEmpty()) {
            throw new IllegalStateException(
                    "management.server.port is set: set management.server.address too (MANAGEMENT_SERVER_ADDRESS,"
                            + " e.g. 127.0.0.1), since metrics on that port need no credentials");
        }
    }
}
