package dev.tunnelgate.gateways;

import dev.tunnelgate.metrics.DatabaseGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per gateway member (not revoked): online or not, how many revisions it is behind its group, and its peers and
 * handshaking peers as its agent last reported them. One query for every member at each refresh. Labelled by the
 * group's and the member's id, never by their names: names are text admins type, ids are what the Gateways view and
 * the agent API use too.
 */
@Component
class GatewayMetrics implements DatabaseGauges {
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MultiGauge online;
    private final MultiGauge behind;
    private final MultiGauge peers;
    private final MultiGauge handshaking;
    private final MultiGauge holders;

    GatewayMetrics(JdbcTemplate jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        online = MultiGauge.builder("tunnelgate.gateway.member.online")
                .description("1 while the member's agent has polled within the online window, else 0")
                .register(registry);
        behind = MultiGauge.builder("tunnelgate.gateway.member.revisions.behind")
                .description("The group's revision minus the revision the member acknowledged")
                .register(registry);
        peers = MultiGauge.builder("tunnelgate.gateway.member.peers")
                .description("Peers on the member's interface, as its agent last reported")
                .register(registry);
        handshaking = MultiGauge.builder("tunnelgate.gateway.member.handshaking.peers")
                .description("Peers with a handshake in the last 3 minutes, as the member's agent last reported")
                .register(registry);
        holders = MultiGauge.builder("tunnelgate.gateway.endpoint.holders")
                .description("Online members of the group that report holding its endpoint address (VRRP): 1 is"
                        + " right, 0 means nobody answers on it, 2 or more is a split brain")
                .register(registry);
    }

    private record Member(
            long id, long groupId, boolean online, long behind, int peers, int handshaking, boolean holder) {}

    @Override
    public void refresh() {
        var silentSince = clock.instant().minus(GatewayService.ONLINE_WINDOW);
        List<Member> members = jdbc.query(
                "select m.id, m.group_id, m.last_contact_at, g.revision - m.applied_revision, m.peer_count,"
                        + " m.handshaking_peers, m.endpoint_role from gateway_member m join gateway_group g on g.id = m.group_id"
                        + " where m.revoked_at is null",
                (rs, n) -> {
                    Timestamp contact = rs.getTimestamp(3);
                    return new Member(
                            rs.getLong(1),
                            rs.getLong(2),
                            contact != null && contact.toInstant().isAfter(silentSince),
                            Math.max(0, rs.getLong(4)),
                            rs.getInt(5),
                            rs.getInt(6),
                            "HOLDER".equals(rs.getString(7)));
                });
        var onlineRows = new ArrayList<MultiGauge.Row<?>>();
        var behindRows = new ArrayList<MultiGauge.Row<?>>();
        var peerRows = new ArrayList<MultiGauge.Row<?>>();
        var handshakingRows = new ArrayList<MultiGauge.Row<?>>();
        // Per group, groups whose members report no role at all included (0): an alert on "!= 1" needs the series.
        var holdersByGroup = new java.util.TreeMap<Long, Integer>();
        for (var member : members) {
            holdersByGroup.merge(member.groupId(), member.online() && member.holder() ? 1 : 0, Integer::sum);
            var tags = Tags.of("group", String.valueOf(member.groupId()), "member", String.valueOf(member.id()));
            onlineRows.add(MultiGauge.Row.of(tags, member.online() ? 1 : 0));
            behindRows.add(MultiGauge.Row.of(tags, member.behind()));
            peerRows.add(MultiGauge.Row.of(tags, member.peers()));
            handshakingRows.add(MultiGauge.Row.of(tags, member.handshaking()));
        }
        holders.register(
                holdersByGroup.entrySet().stream()
                        .<MultiGauge.Row<?>>map(
                                e -> MultiGauge.Row.of(Tags.of("group", String.valueOf(e.getKey())), e.getValue()))
                        .toList(),
                true);
        // Overwriting: a member revoked (or a group deleted) since the last refresh loses its series.
        online.register(onlineRows, true);
        behind.register(behindRows, true);
        peers.register(peerRows, true);
        handshaking.register(handshakingRows, true);
    }
}
