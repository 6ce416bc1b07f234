package dev.tunnelgate.devices;

import dev.tunnelgate.keys.InvalidKeyException;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry of every public key a device ever had ({@code device_key}): current, next or replaced. A key enters
 * it in the transaction that gives it to a device (enrollment or a rotation), and its primary key refuses a key
 * that is taken, whichever device column holds it, so two requests racing for one key cannot both win.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class DeviceKeys {
    private final JdbcTemplate jdbc;
    private final NetworkService networks;

    DeviceKeys(JdbcTemplate jdbc, NetworkService networks) {
        this.jdbc = jdbc;
        this.networks = networks;
    }

    /** The pasted public key, parsed strictly; a missing or malformed one is the user's error on the key field. */
    static WgKey parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(DeviceField.PUBLIC_KEY, Message.of("refusals.device.key.missing"));
        }
        try {
            return WgKey.parsePublic(text.strip());
        } catch (InvalidKeyException e) {
            throw new InvalidInputException(
                    DeviceField.PUBLIC_KEY,
                    Objects.requireNonNullElse(e.getMessage(), "This is not a WireGuard public key"));
        }
    }

    static ConflictException inUse() {
        return new ConflictException(DeviceField.PUBLIC_KEY, Message.of("refusals.device.key.in-use"));
    }

    /** Refuses a key some device has or had, and a gateway's key; the check {@link #register} backs up. */
    void requireUnused(WgKey key) {
        var count = jdbc.queryForObject(
                "select count(*) from device_key where public_key = ?", Integer.class, key.toBase64());
        if (count != null && count > 0) {
            throw inUse();
        }
        if (networks.joinable().stream().anyMatch(n -> key.equals(n.settings().gatewayPublicKey()))) {
            throw new InvalidInputException(DeviceField.PUBLIC_KEY, Message.of("refusals.device.key.gateway"));
        }
    }

    /** Records the key as the device's; a key that is taken (a racing request stored it first) is refused. */
    void register(String publicKey, long deviceId, Instant now) {
        try {
            jdbc.update(
                    "insert into device_key (public_key, device_id, created_at) values (?, ?, ?)",
                    publicKey,
                    deviceId,
                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            throw inUse();
        }
    }
}
