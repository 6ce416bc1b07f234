package dev.tunnelgate.gateways;

import dev.tunnelgate.keys.InvalidKeyException;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.SafeText;
import dev.tunnelgate.wgconfig.Endpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A gateway group's settings as the admin form sends them; {@link #validated} makes {@link GroupSettings} of them.
 *
 * @param endpoint  the {@code host:port} clients connect to (a floating IP or anycast name for HA)
 * @param publicKey the group's WireGuard public key, if known before its first gateway reports it
 */
public record GroupSpec(
        String name,
        String endpoint,
        int listenPort,
        List<Long> networkIds,
        @Nullable String publicKey) {
    public static final int MAX_NETWORKS = 100;

    public GroupSpec {
        networkIds = List.copyOf(networkIds);
    }

    /**
     * The spec as {@link GatewayService} would store it (name trimmed, endpoint and key in canonical text, networks
     * distinct), or {@link InvalidInputException} naming the field. Checks the group's own fields only: whether its
     * networks exist, are served by another group or can share one interface, and whether the name is taken, is left
     * to saving.
     */
    public GroupSpec canonical() {
        var valid = validated();
        var key = valid.publicKey();
        return new GroupSpec(
                valid.name(),
                valid.endpoint().toString(),
                valid.listenPort(),
                valid.networkIds(),
                key == null ? null : key.toBase64());
    }

    /** The typed settings that are stored, or {@link InvalidInputException} naming the field. */
    GroupSettings validated() {
        var cleanName = SafeText.clean(name, GroupField.NAME, 1, GatewayGroup.NAME_MAX_LENGTH);
        var cleanEndpoint = SafeText.clean(endpoint, GroupField.ENDPOINT, 3, 300);
        Endpoint parsedEndpoint;
        try {
            parsedEndpoint = Endpoint.parse(cleanEndpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    GroupField.ENDPOINT,
                    Message.of(
                            "refusals.gateway.endpoint",
                            Objects.requireNonNullElse(e.getMessage(), "Not a valid endpoint")));
        }
        if (listenPort < 1 || listenPort > 65535) {
            throw new InvalidInputException(GroupField.LISTEN_PORT, Message.of("refusals.gateway.listen-port"));
        }
        if (networkIds.size() > MAX_NETWORKS) {
            throw new InvalidInputException(
                    GroupField.NETWORKS, Message.of("refusals.gateway.networks.too-many", MAX_NETWORKS));
        }
        WgKey key = null;
        if (publicKey != null && !publicKey.isBlank()) {
            try {
                key = WgKey.parsePublic(publicKey.strip());
            } catch (InvalidKeyException e) {
                throw new InvalidInputException(
                        GroupField.PUBLIC_KEY,
                        Message.of(
                                "refusals.gateway.public-key",
                                Objects.requireNonNullElse(e.getMessage(), "Not a valid public key")));
            }
        }
        return new GroupSettings(
                cleanName, parsedEndpoint, listenPort, List.copyOf(new LinkedHashSet<>(networkIds)), key);
    }
}
