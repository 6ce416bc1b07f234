package dev.tunnelgate.policy;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Says what a change of policies, destinations or a network's access setting would do before it is saved: which
 * users' devices gain or lose which destinations. It runs the change for real in a transaction of its own, compares,
 * and rolls everything back: nothing is stored, audited, or handed to the gateways.
 */
@Service
// Role names as literals: identity re-evaluates access at sign-in, so policy must not depend on identity.
@PreAuthorize("hasRole('ADMIN')")
public class AccessPreview {
    private final TransactionTemplate transactions;
    private final EntityManager entities;
    private final AccessGrants grants;
    private final DeviceRecords devices;
    private final UserRecords users;

    AccessPreview(
            PlatformTransactionManager transactionManager,
            EntityManager entities,
            AccessGrants grants,
            DeviceRecords devices,
            UserRecords users) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.entities = entities;
        this.grants = grants;
        this.devices = devices;
        this.users = users;
    }

    /**
     * Runs {@code change} in a new transaction that is always rolled back, and returns what it changes for every
     * active and pending device of these networks (the networks the change affects, before and after it). The
     * change must join the surrounding transaction (services with the default propagation do; one that starts its
     * own transaction would commit). An exception of the change (invalid input) is thrown on, after the rollback.
     */
    public AccessDiff preview(Collection<Long> networkIds, Runnable change) {
        var networks = List.copyOf(networkIds);
        return Objects.requireNonNull(transactions.execute(status -> {
            status.setRollbackOnly();
            entities.flush();
            var rows = new HashMap<>(devices.liveIn(networks));
            var before = explain(rows);
            change.run();
            entities.flush();
            var now = devices.liveIn(networks);
            var after = explain(now);
            // A device that the change retires is no longer live: it loses all it reached.
            rows.putAll(now);
            return diff(rows, before, after);
        }));
    }

    private Map<Long, List<Reach>> explain(Map<Long, DeviceRecords.Row> rows) {
        var result = new HashMap<Long, List<Reach>>();
        grants.explain(rows.values().stream().map(DeviceRecords.Row::ref).toList())
                .forEach((id, granted) -> result.put(id, Reach.of(granted)));
        return result;
    }

    private AccessDiff diff(
            Map<Long, DeviceRecords.Row> rows, Map<Long, List<Reach>> before, Map<Long, List<Reach>> after) {
        var byOwner = new TreeMap<Long, List<AccessDiff.DeviceChange>>();
        var ordered = rows.values().stream()
                .sorted(Comparator.comparing(DeviceRecords.Row::name).thenComparing(DeviceRecords.Row::id))
                .toList();
        for (var row : ordered) {
            var was = before.getOrDefault(row.id(), List.of());
            var is = after.getOrDefault(row.id(), List.of());
            var gained = missingFrom(is, was);
            var lost = missingFrom(was, is);
            if (!gained.isEmpty() || !lost.isEmpty()) {
                byOwner.computeIfAbsent(row.ownerId(), k -> new ArrayList<>())
                        .add(new AccessDiff.DeviceChange(
                                row.id(), row.name(), row.networkName(), row.status(), gained, lost));
            }
        }
        var names = new HashMap<Long, String>();
        rows.values().forEach(row -> names.put(row.ownerId(), row.ownerName()));
        var groups = users.groups(byOwner.keySet());
        var changes = new ArrayList<AccessDiff.UserChange>();
        byOwner.forEach((owner, changed) -> changes.add(new AccessDiff.UserChange(
                owner, names.getOrDefault(owner, "user " + owner), groups.getOrDefault(owner, List.of()), changed)));
        changes.sort(
                Comparator.comparing(AccessDiff.UserChange::displayName).thenComparing(AccessDiff.UserChange::userId));
        return new AccessDiff(changes);
    }

    /** What {@code these} reach that {@code those} do not, by destination and rule. */
    private static List<Reach> missingFrom(List<Reach> these, List<Reach> those) {
        var keys = new LinkedHashMap<Reach.Key, Reach>();
        those.forEach(reach -> keys.put(reach.key(), reach));
        return these.stream().filter(reach -> !keys.containsKey(reach.key())).toList();
    }
}
