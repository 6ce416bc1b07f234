package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpAddresses;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers "who reaches what, and why" for admins and auditors: what a user's or a device's devices reach and which
 * policy grants each destination, and who can reach an address. Everything comes from one evaluation by
 * {@link AccessGrants}, the same the gateways enforce.
 *
 * <p>Only active devices reach anything today; pending devices are reported apart, as what they will reach once
 * approved. Revoked and rejected devices reach nothing.
 */
@Service
@Transactional(readOnly = true)
// Role names as literals: identity re-evaluates access at sign-in, so policy must not depend on identity.
@PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
public class AccessExplainer {
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    /** Longer than any port; longer input is refused before it is looked at. */
    private static final int PORT_TEXT_MAX = 16;

    private final AccessGrants grants;
    private final DeviceRecords devices;
    private final UserRecords users;

    AccessExplainer(AccessGrants grants, DeviceRecords devices, UserRecords users) {
        this.grants = grants;
        this.devices = devices;
        this.users = users;
    }

    /** A user to pick. */
    public record UserOption(
            long id, String displayName, @Nullable String email) {}

    /** A device to pick, of any status. */
    public record DeviceOption(long id, String name, String ownerName, String networkName, String status) {}

    /** A user, their groups at their last sign-in, and what each of their active and pending devices reaches. */
    public record UserAccess(long userId, String displayName, List<String> groups, List<DeviceAccess> devices) {}

    /**
     * Who can reach an address (with a protocol and port, when asked): the active devices, and apart from them the
     * pending ones that will once approved. Each device lists only the destinations that let it reach the address.
     */
    public record AddressAccess(
            String address,
            @Nullable AccessProtocol protocol,
            @Nullable Integer port,
            List<DeviceAccess> active,
            List<DeviceAccess> pending) {
        /** {@code 10.1.2.3 tcp 443}, {@code fd00::1 port 53}, {@code 10.1.2.3 icmp}. */
        public String question() {
            var text = new StringBuilder(address);
            if (protocol != null) {
                text.append(' ').append(Reach.trafficText(protocol, List.of()));
            }
            if (port != null) {
                text.append(protocol == null ? " port " : " ").append(port);
            }
            return text.toString();
        }
    }

    /** Users whose name or e-mail contains the filter, by name, for a picker. */
    public List<UserOption> findUsers(String filter, int offset, int limit) {
        return users.search(filter, offset, limit);
    }

    /** Devices whose name, owner's name or IPv4 address contains the filter, for a picker. */
    public List<DeviceOption> findDevices(String filter, int offset, int limit) {
        return devices.search(filter, offset, limit);
    }

    /** What each active and pending device of the user reaches, and through which policies. */
    public UserAccess forUser(long userId) {
        var name = users.name(userId)
                .orElseThrow(() -> new NotFoundException(Message.of("refusals.user.not-found", userId)));
        var rows = devices.liveOf(userId);
        var explained = grants.explain(rows.stream().map(DeviceRecords.Row::ref).toList());
        var result = rows.stream()
                .map(row -> row.with(Reach.of(explained.getOrDefault(row.id(), List.of()))))
                .toList();
        return new UserAccess(userId, name, users.groups(List.of(userId)).getOrDefault(userId, List.of()), result);
    }

    /** What the device reaches and through which policies; nothing when it is revoked or rejected. */
    public DeviceAccess forDevice(long deviceId) {
        var row = devices.byId(deviceId).stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException(Message.of("refusals.device.not-found", deviceId)));
        var access = row.with(List.of());
        return access.retired() ? access : row.with(Reach.of(grants.explain(deviceId)));
    }

    /**
     * Who can reach {@code address}: with a protocol, only through rules for that protocol (or any protocol); with
     * a port, only tcp or udp rules to that port (or any protocol). Without either, any traffic to the address counts.
     * Invalid input (not an IP literal, a port outside 1..65535, a port with ICMP) is refused naming the field.
     */
    public AddressAccess whoReaches(String address, @Nullable AccessProtocol protocol, @Nullable String port) {
        var target = address(address);
        var traffic = protocol == AccessProtocol.ANY ? null : protocol;
        var portNumber = port(port);
        if (portNumber != null && traffic == AccessProtocol.ICMP) {
            throw new InvalidInputException(ExplainField.PORT, Message.of("refusals.policy.explain.icmp-port"));
        }
        var rows = devices.allLive();
        var explained = grants.explain(rows.stream().map(DeviceRecords.Row::ref).toList());
        var active = new ArrayList<DeviceAccess>();
        var pending = new ArrayList<DeviceAccess>();
        for (var row : rows) {
            var granted = explained.getOrDefault(row.id(), List.<AccessGrants.Granted>of()).stream()
                    .filter(g -> lets(g.rule(), target, traffic, portNumber))
                    .toList();
            var matching = granted.isEmpty() ? List.<Reach>of() : Reach.of(granted);
            if (!matching.isEmpty()) {
                var access = row.with(matching);
                (access.active() ? active : pending).add(access);
            }
        }
        return new AddressAccess(target.toCanonicalString(), traffic, portNumber, active, pending);
    }

    /** Whether the rule lets some of the asked traffic through (null protocol: any; null port: any port). */
    static boolean lets(AccessRule rule, IPAddress address, @Nullable AccessProtocol protocol, @Nullable Integer port) {
        if (protocol != null && port != null) {
            return rule.matches(address, protocol, port);
        }
        if (rule.prefixes().stream().noneMatch(prefix -> prefix.contains(address))) {
            return false;
        }
        if (rule.protocol() == AccessProtocol.ANY) {
            return true;
        }
        if (protocol != null && protocol != rule.protocol()) {
            return false;
        }
        // A port without a protocol asks for tcp or udp to that port.
        return port == null || rule.ports().stream().anyMatch(range -> range.contains(port));
    }

    private static IPAddress address(String text) {
        var trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException(
                    ExplainField.ADDRESS, Message.of("refusals.policy.explain.address.missing"));
        }
        var parsed = IpAddresses.tryParse(trimmed);
        if (parsed == null) {
            throw new InvalidInputException(
                    ExplainField.ADDRESS, Message.of("refusals.policy.explain.address.invalid"));
        }
        if (parsed instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
            throw new InvalidInputException(ExplainField.ADDRESS, Message.of("refusals.policy.explain.address.mapped"));
        }
        return parsed.withoutPrefixLength();
    }

    private static @Nullable Integer port(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var trimmed = text.strip();
        if (trimmed.length() > PORT_TEXT_MAX
                || !PORT.matcher(trimmed).matches()
                || Integer.parseInt(trimmed) < 1
                || Integer.parseInt(trimmed) > 65535) {
            throw new InvalidInputException(ExplainField.PORT, Message.of("refusals.policy.explain.port"));
        }
        return Integer.parseInt(trimmed);
    }
}
