package dev.tunnelgate.devices;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.protocol.KnownEndpoint;
import dev.tunnelgate.protocol.PeerStats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each gateway member last reported of each peer key, and the newest handshake of each device over all members.
 * Writes come from the gateway side (agents' status reports, authenticated by their own credential) and check no
 * user; the per-device read is for admins and auditors.
 *
 * <p>Writes are bounded: a report is compared with the member's stored rows (read in one query) and only rows whose
 * handshake advanced or whose endpoint moved are written at once; byte counters alone refresh a row at most every
 * {@link #COUNTER_REFRESH}. A report of 10,000 idle peers writes nothing.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class PeerStatusStore {
    /**
     * Byte counters alone (no newer handshake, no new endpoint) refresh a row at most this often. They move with
     * every packet, so writing them at each report (every minute) would rewrite every row of a busy gateway each
     * time; five minutes keeps "rx/tx" current enough for an admin looking at one device.
     */
    public static final Duration COUNTER_REFRESH = Duration.ofMinutes(5);

    private static final String INSERT = """
            insert into device_peer_status (member_id, public_key, device_id, last_handshake_at, rx_bytes, tx_bytes,
                endpoint, updated_at, member_name)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE = """
            update device_peer_status set last_handshake_at = ?, rx_bytes = ?, tx_bytes = ?, endpoint = ?,
                updated_at = ?, member_name = ?
            where member_id = ? and public_key = ?""";
    // Only ever forward: another member's newer handshake, committed meanwhile, stays.
    private static final String DEVICE = """
            update device set last_handshake_at = ?, last_handshake_member = ?
            where id = ? and (last_handshake_at is null or last_handshake_at < ?)""";

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    PeerStatusStore(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One member's view of one peer key of a device, as the admin's device detail shows it. */
    public record MemberPeerStatus(
            String memberName,
            String publicKey,
            @Nullable Instant lastHandshakeAt,
            long rxBytes,
            long txBytes,
            @Nullable String endpoint,
            Instant updatedAt) {}

    /** What one report wrote: peer status rows inserted or updated, and devices whose newest handshake moved. */
    public record Written(int peerRows, int devices) {
        public int total() {
            return peerRows + devices;
        }
    }

    /**
     * Stores what a member reported of its peers, in the report's transaction. A handshake or endpoint the report
     * lacks (a restarted interface reports none) never erases a stored one, and a handshake older than the stored
     * one is ignored: the rows say when and from where a key was last seen. The caller passes only plausible
     * handshakes (none from the future). Publishes {@link PeerHandshakesSeen} for the keys whose handshake advanced.
     *
     * @param deviceIds public key → device, for every reported key (keys without a device are skipped)
     * @return how many rows were written
     */
    public Written store(
            long memberId, String memberName, List<PeerStats> peers, Map<String, Long> deviceIds, Instant now) {
        if (peers.isEmpty()) {
            return new Written(0, 0);
        }
        var stored = stored(memberId);
        var inserts = new ArrayList<Row>();
        var updates = new ArrayList<Row>();
        var advanced = new HashMap<String, Instant>();
        var newest = new TreeMap<Long, Instant>(); // by device id: devices are locked in one order by every report
        for (var peer : peers) {
            var deviceId = deviceIds.get(peer.publicKey());
            if (deviceId == null) {
                continue;
            }
            var handshake = peer.latestHandshake() == null
                    ? null
                    : peer.latestHandshake().truncatedTo(ChronoUnit.MICROS); // as the database keeps it
            var old = stored.get(peer.publicKey());
            boolean handshakeAdvanced =
                    handshake != null && (old == null || old.handshake() == null || handshake.isAfter(old.handshake()));
            if (old == null) {
                inserts.add(new Row(
                        peer.publicKey(), deviceId, handshake, peer.rxBytes(), peer.txBytes(), peer.endpoint(), now));
            } else {
                boolean endpointMoved =
                        peer.endpoint() != null && !peer.endpoint().equals(old.endpoint());
                boolean countersDue = (peer.rxBytes() != old.rxBytes() || peer.txBytes() != old.txBytes())
                        && !now.isBefore(old.updatedAt().plus(COUNTER_REFRESH));
                // A renamed member's rows take the new name with its next report, once.
                boolean renamed = !memberName.equals(old.memberName());
                if (!handshakeAdvanced && !endpointMoved && !countersDue && !renamed) {
                    continue;
                }
                updates.add(new Row(
                        peer.publicKey(),
                        deviceId,
                        handshakeAdvanced ? handshake : old.handshake(),
                        peer.rxBytes(),
                        peer.txBytes(),
                        endpointMoved ? peer.endpoint() : old.endpoint(),
                        now));
            }
            if (handshakeAdvanced) {
                advanced.put(peer.publicKey(), handshake);
                newest.merge(deviceId, handshake, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        int rows = insert(memberId, memberName, inserts) + update(memberId, memberName, updates);
        int devices = devices(memberName, newest);
        if (!advanced.isEmpty()) {
            events.publishEvent(new PeerHandshakesSeen(memberName, advanced));
        }
        return new Written(rows, devices);
    }

    /** Each member's view of each key of the device (its current key, and the new one during a rotation). */
    @Transactional(readOnly = true, propagation = Propagation.REQUIRED)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public List<MemberPeerStatus> forDevice(long deviceId) {
        var rows = jdbc.query(
                """
                select member_name, public_key, last_handshake_at, rx_bytes, tx_bytes, endpoint, updated_at
                from device_peer_status where device_id = ?""",
                (rs, i) -> new MemberPeerStatus(
                        rs.getString(1),
                        rs.getString(2),
                        instant(rs, 3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        Objects.requireNonNull(instant(rs, 7))),
                deviceId);
        return rows.stream()
                .sorted(Comparator.comparing(
                                (MemberPeerStatus r) -> r.memberName().toLowerCase(Locale.ROOT))
                        .thenComparing(MemberPeerStatus::publicKey))
                .toList();
    }

    /**
     * For each current key of the active devices of these networks (a rotation's new key too), the endpoint with the
     * newest handshake any of these members reported: what a member that takes its group's endpoint address over
     * sets before it starts the handshakes itself. Keys no member saw with an endpoint and a handshake are left out.
     * One query: the status rows of these members joined to their devices, the newest row per key picked in the
     * database. For the gateway side: checks no user; the caller's credential chose the members and networks.
     */
    @Transactional(readOnly = true, propagation = Propagation.REQUIRED)
    public List<KnownEndpoint> knownEndpoints(Collection<Long> memberIds, Collection<Long> networkIds) {
        if (memberIds.isEmpty() || networkIds.isEmpty()) {
            return List.of();
        }
        var args = new ArrayList<Object>(memberIds);
        args.addAll(networkIds);
        var known = new ArrayList<KnownEndpoint>();
        jdbc.query(
                """
                select public_key, endpoint, last_handshake_at from (
                    select s.public_key, s.endpoint, s.last_handshake_at,
                           row_number() over (partition by s.public_key
                                              order by s.last_handshake_at desc, s.member_id) as newest
                    from device_peer_status s join device d on d.id = s.device_id
                    where s.member_id in (%s) and d.network_id in (%s) and d.status = 'ACTIVE'
                      and (s.public_key = d.public_key or s.public_key = d.next_public_key)
                      and s.endpoint is not null and s.last_handshake_at is not null
                ) seen
                where newest = 1
                order by public_key""".formatted(placeholders(memberIds.size()), placeholders(networkIds.size())),
                rs -> {
                    try {
                        known.add(new KnownEndpoint(
                                rs.getString(1), rs.getString(2), Objects.requireNonNull(instant(rs, 3))));
                    } catch (IllegalArgumentException e) {
                        // stored by an older portal that checked less; the member re-reports the peer anyway
                    }
                },
                args.toArray());
        return known;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private record Row(
            String publicKey,
            long deviceId,
            @Nullable Instant handshake,
            long rxBytes,
            long txBytes,
            @Nullable String endpoint,
            Instant updatedAt) {}

    private record StoredRow(
            @Nullable Instant handshake,
            long rxBytes,
            long txBytes,
            @Nullable String endpoint,
            Instant updatedAt,
            String memberName) {}

    private Map<String, StoredRow> stored(long memberId) {
        var stored = new HashMap<String, StoredRow>();
        jdbc.query(
                """
                select public_key, last_handshake_at, rx_bytes, tx_bytes, endpoint, updated_at, member_name
                from device_peer_status where member_id = ?""",
                rs -> {
                    stored.put(
                            rs.getString(1),
                            new StoredRow(
                                    instant(rs, 2),
                                    rs.getLong(3),
                                    rs.getLong(4),
                                    rs.getString(5),
                                    Objects.requireNonNull(instant(rs, 6)),
                                    rs.getString(7)));
                },
                memberId);
        return stored;
    }

    private int insert(long memberId, String memberName, List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return written(jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
            ps.setLong(1, memberId);
            ps.setString(2, row.publicKey());
            ps.setLong(3, row.deviceId());
            setInstant(ps, 4, row.handshake());
            ps.setLong(5, row.rxBytes());
            ps.setLong(6, row.txBytes());
            setString(ps, 7, row.endpoint());
            setInstant(ps, 8, row.updatedAt());
            ps.setString(9, memberName);
        }));
    }

    private int update(long memberId, String memberName, List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return written(jdbc.batchUpdate(UPDATE, rows, rows.size(), (ps, row) -> {
            setInstant(ps, 1, row.handshake());
            ps.setLong(2, row.rxBytes());
            ps.setLong(3, row.txBytes());
            setString(ps, 4, row.endpoint());
            setInstant(ps, 5, row.updatedAt());
            ps.setString(6, memberName);
            ps.setLong(7, memberId);
            ps.setString(8, row.publicKey());
        }));
    }

    private int devices(String memberName, TreeMap<Long, Instant> newest) {
        if (newest.isEmpty()) {
            return 0;
        }
        var entries = List.copyOf(newest.entrySet());
        return written(jdbc.batchUpdate(DEVICE, entries, entries.size(), (ps, entry) -> {
            setInstant(ps, 1, entry.getValue());
            ps.setString(2, memberName);
            ps.setLong(3, entry.getKey());
            setInstant(ps, 4, entry.getValue());
        }));
    }

    private static int written(int[][] counts) {
        int written = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                // A driver that batches without counting says SUCCESS_NO_INFO; each statement here writes at most one
                // row.
                written += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
            }
        }
        return written;
    }

    private static void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static void setString(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static @Nullable Instant instant(ResultSet rs, int index) throws SQLException {
        var value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
