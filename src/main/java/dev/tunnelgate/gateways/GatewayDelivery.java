package dev.tunnelgate.gateways;

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
    public Map<Long, String> describe(Collection<DeviceRow> devices) {
        var texts = new HashMap<Long, String>();
        var byNetwork = devices.stream().filter(d -> d.status() == DeviceStatus.ACTIVE || d.status() == DeviceStatus.REVOKED)
                .collect(Collectors.groupingBy(DeviceRow::networkId));
        for (var entry : byNetwork.entrySet()) {
            var group = groups.findServing(entry.getKey());
            if (group.isPresent()) {
                texts.putAll(describe(group.get(), entry.getValue()));
            } else {
                entry.getValue().stream().filter(d -> d.status() == DeviceStatus.ACTIVE)
                        .forEach(d -> texts.put(d.id(), "no gateway group serves this network"));
            }
        }
        return texts;
    }

    private Map<Long, String> describe(GatewayGroup group, List<DeviceRow> rows) {
        var active = members.findByGroupIdAndRevokedAtIsNullOrderByNameAscIdAsc(group.id());
        var revisions = changeRevisions(group.id(), rows.stream().map(DeviceRow::publicKey).toList());
        var texts = new HashMap<Long, String>();
        for (var row : rows) {
            Long revision = revisions.get(row.publicKey());
            if (revision == null) {
                continue;
            }
            var behind = new ArrayList<String>();
            active.stream().filter(m -> m.appliedRevision() < revision).forEach(m -> behind.add(m.name()));
            boolean activeDevice = row.status() == DeviceStatus.ACTIVE;
            String text;
            if (active.isEmpty()) {
                text = activeDevice ? "waiting for a gateway member" : "removed (the group has no members)";
            } else if (behind.isEmpty()) {
                text = activeDevice ? "active on %d/%d gateways".formatted(active.size(), active.size())
                        : "removed from all %d gateways".formatted(active.size());
            } else {
                text = (activeDevice ? "pending on " : "revocation pending on ") + String.join(", ", behind)
                        + " (%d/%d)".formatted(active.size() - behind.size(), active.size());
            }
            texts.put(row.id(), text);
        }
        return texts;
    }

    /** The revision of each key's last change; a change of the whole set counts as a change of every key. */
    private Map<String, Long> changeRevisions(long groupId, List<String> keys) {
        var result = new HashMap<String, Long>();
        var all = new ArrayList<>(keys);
        all.add(Revisions.WHOLE_SET);
        jdbc.query("select public_key, max(revision) from gateway_change where group_id = :group and public_key in (:keys) group by public_key",
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
