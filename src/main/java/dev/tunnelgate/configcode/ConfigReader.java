package dev.tunnelgate.configcode;

import dev.tunnelgate.configcode.ConfigFile.UserEntry;
import dev.tunnelgate.configcode.ConfigState.StoredDestination;
import dev.tunnelgate.configcode.ConfigState.StoredGroup;
import dev.tunnelgate.configcode.ConfigState.StoredNetwork;
import dev.tunnelgate.configcode.ConfigState.StoredPolicy;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.PolicyService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads what the portal holds through the features' services (which check the caller's roles), and the sign-in
 * identity of users, which no service lists: users are named in a file by issuer and subject, never by id.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ConfigReader {
    private static final int PAGE = 500;

    private final NetworkService networks;
    private final DestinationService destinations;
    private final PolicyService policies;
    private final GatewayService gateways;
    private final NamedParameterJdbcTemplate jdbc;

    ConfigReader(
            NetworkService networks,
            DestinationService destinations,
            PolicyService policies,
            GatewayService gateways,
            NamedParameterJdbcTemplate jdbc) {
        this.networks = networks;
        this.destinations = destinations;
        this.policies = policies;
        this.gateways = gateways;
        this.jdbc = jdbc;
    }

    ConfigState read() {
        var storedNetworks = all(networks::list).stream()
                .map(row -> new StoredNetwork(row.id(), row.settings(), networks.lifecycle(row.id())))
                .toList();
        var storedDestinations = all(destinations::list).stream()
                .map(row -> new StoredDestination(row.id(), row.settings()))
                .toList();
        var storedPolicies = all(policies::list).stream()
                .map(row -> new StoredPolicy(row.id(), row.settings()))
                .toList();
        var storedGroups = gateways.groups().stream()
                .map(row -> new StoredGroup(
                        row.id(), row.name(), row.endpoint(), row.listenPort(), row.publicKey(), row.networkIds()))
                .toList();
        var userIds = new HashSet<Long>();
        storedPolicies.forEach(p -> userIds.addAll(p.settings().userIds()));
        return new ConfigState(storedNetworks, storedDestinations, storedGroups, storedPolicies, users(userIds));
    }

    /** The account that signs in with this issuer and subject. */
    Optional<Long> userId(String issuer, String subject) {
        var ids = jdbc.query(
                "select id from app_user where issuer = :issuer and subject = :subject",
                new MapSqlParameterSource("issuer", issuer).addValue("subject", subject),
                (rs, row) -> rs.getLong(1));
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    private Map<Long, UserEntry> users(Set<Long> ids) {
        var users = new HashMap<Long, UserEntry>();
        if (!ids.isEmpty()) {
            jdbc.query(
                    "select id, issuer, subject from app_user where id in (:ids)",
                    new MapSqlParameterSource("ids", ids),
                    rs -> {
                        users.put(rs.getLong(1), new UserEntry(rs.getString(2), rs.getString(3)));
                    });
        }
        return users;
    }

    private static <T> List<T> all(Function<Pageable, Slice<T>> list) {
        var all = new ArrayList<T>();
        Slice<T> slice;
        int page = 0;
        do {
            slice = list.apply(PageRequest.of(page++, PAGE));
            all.addAll(slice.getContent());
        } while (slice.hasNext());
        return all;
    }
}
