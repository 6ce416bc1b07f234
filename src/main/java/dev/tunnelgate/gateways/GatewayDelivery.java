package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.Delivery;
import dev.tunnelgate.devices.DeliveryStatus;
import dev.tunnelgate.devices.DeviceRow;
import dev.tunnelgate.devices.DeviceStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How far each gateway member is with a device: a device's last change happened at some revision of its group,
 * and a member has it once its applied revision reached that. Revocation is complete only when every member
 * has acknowledged it.
 */
@Component
@Transactional(readOnly = true)
class GatewayDelivery implements DeliveryStatus {
    private final GatewayGroupRepository groups;
    private final GatewayMemberRepository members;
    private final NamedParameterJdbcTemplate jdbc;

    GatewayDelivery(GatewayGroupRepository groups, GatewayMemberRepository members, NamedParameterJdbcTemplate jdbc) {
        this.groups = groups;
        this.members = members;
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, Delivery> describe(Collection<DeviceRow> devices) {
        var states = new HashMap<Long, Delivery>();
        var byNetwork = devices.stream()
                .filter(d -> d.status() == DeviceStatus.ACTIVE || d.status() == DeviceStatus.REVOKED)
                .collect(Collectors.groupingBy(DeviceRow::networkId));
        for (var entry : byNetwork.entrySet()) {
            var group = groups.findServing(entry.getKey());
            if (group.isPresent()) {
                states.putAll(describe(group.get(), entry.getValue()));
            } else {
                entry.getValue().stream()
                        .filter(d -> d.status() == DeviceStatus.ACTIVE)
                        .forEach(d -> states.put(d.id(), new Delivery.Unserved()));
            }
        }
        return states;
    }

    private Map<Long, Delivery> describe(GatewayGroup group, List<DeviceRow> rows) {
        var active = members.findByGroupIdAndRevokedAtIsNullOrderByNameAscIdAsc(group.id());
        var revisions = changeRevisions(
                group.id(), rows.stream().map(DeviceRow::publicKey).toList());
        var states = new HashMap<Long, Delivery>();
        for (var row : rows) {
            Long revision = revisions.get(row.publicKey());
            if (revision == null) {
                continue;
            }
            var behind = active.stream()
                    .filter(m -> m.appliedRevision() < revision)
                    .map(GatewayMember::name)
                    .toList();
            boolean activeDevice = row.status() == DeviceStatus.ACTIVE;
            Delivery state;
            if (active.isEmpty()) {
                state = activeDevice ? new Delivery.AwaitingMember() : new Delivery.Removed(0);
            } else if (behind.isEmpty()) {
                state = activeDevice ? new Delivery.Active(active.size()) : new Delivery.Removed(active.size());
            } else {
                state = activeDevice
                        ? new Delivery.Pending(behind, active.size())
                        : new Delivery.RevocationPending(behind, active.size());
            }
            states.put(row.id(), state);
        }
        return states;
    }

    /** The revision of each key's last change; a change of the whole set counts as a change of every key. */
    private Map<String, Long> changeRevisions(long groupId, List<String> keys) {
        var result = new HashMap<String, Long>();
        var all = new ArrayList<>(keys);
        all.add(Revisions.WHOLE_SET);
        jdbc.query(
                "select public_key, max(revision) from gateway_change where group_id = :group and public_key in (:keys) group by public_key",
                new MapSqlParameterSource().addValue("group", groupId).addValue("keys", all),
                rs -> {
                    result.put(rs.getString(1), rs.getLong(2));
                });
        Long wholeSet = result.remove(Revisions.WHOLE_SET);
        if (wholeSet != null) {
            keys.forEach(key -> result.merge(key, wholeSet, Math::max));
        }
        return result;
    }
}
