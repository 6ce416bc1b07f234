package dev.tunnelgate.gateways;

import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.wgconfig.Endpoint;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A gateway group's settings as {@link GroupSpec#validated} accepted them, each value in its type.
 *
 * @param networkIds distinct, in the order the admin chose them
 * @param publicKey  null while no gateway has reported it and the admin did not set it
 */
record GroupSettings(
        String name,
        Endpoint endpoint,
        int listenPort,
        List<Long> networkIds,
        @Nullable WgKey publicKey) {
    GroupSettings {
        networkIds = List.copyOf(networkIds);
    }

    /** As the audit log records a group. */
    String describe() {
        return "name=%s endpoint=%s listenPort=%d networks=%s publicKey=%s"
                .formatted(
                        name,
                        endpoint,
                        listenPort,
                        networkIds,
                        Objects.toString(publicKey == null ? null : publicKey.toBase64(), "-"));
    }
}
