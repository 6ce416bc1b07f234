package dev.tunnelgate.gateways;

import dev.tunnelgate.devices.DevicePeer;
import dev.tunnelgate.devices.DevicePeers;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.networks.NetworkChanged;
import dev.tunnelgate.networks.NetworkChanging;
import dev.tunnelgate.policy.AccessChanges;
import dev.tunnelgate.policy.AccessGrants;
import dev.tunnelgate.protocol.Grant;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The gateway side of {@link AccessChanges}: {@link #before} locks the networks (the lock device approvals and
 * revocations take too, so no device changes between the two looks) and remembers every active device's grant;
 * {@link #after} compares, and each gateway group whose devices' grants changed gets one revision naming those
 * peers, so a delta carries their new lines and grants. What is remembered is bound to the transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class GatewayAccessChanges implements AccessChanges {
    private final GroupNetworks groupNetworks;
    private final AccessGrants grants;
    private final DevicePeers devicePeers;
    private final GatewayGroupRepository groups;
    private final Revisions revisions;
    private final EntityManager entityManager;

    GatewayAccessChanges(
            GroupNetworks groupNetworks,
            AccessGrants grants,
            DevicePeers devicePeers,
            GatewayGroupRepository groups,
            Revisions revisions,
            EntityManager entityManager) {
        this.groupNetworks = groupNetworks;
        this.grants = grants;
        this.devicePeers = devicePeers;
        this.groups = groups;
        this.revisions = revisions;
        this.entityManager = entityManager;
    }

    /** What the transaction's outermost {@link #before} saw. */
    private static final class Pending {
        int depth;
        final Set<Long> networks = new HashSet<>();
        final Map<Long, String> grantKeys = new HashMap<>();
        /** Networks whose {@link NetworkChanging} opened a pair that their {@link NetworkChanged} closes. */
        final List<Long> openedByEvent = new ArrayList<>();
    }

    @Override
    public void before(Collection<Long> networkIds) {
        var existing = pending();
        var pending = existing != null ? existing : new Pending();
        if (existing == null) {
            TransactionSynchronizationManager.bindResource(this, pending);
            // A change that fails between before and after leaves nothing behind for the thread's next transaction.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(GatewayAccessChanges.this);
                }
            });
        }
        pending.depth++;
        var added = new TreeSet<>(networkIds);
        added.removeAll(pending.networks);
        if (added.isEmpty()) {
            return;
        }
        // A nested call naming more networks locks them later than the outermost call did; callers that know all
        // their networks name them up front.
        groupNetworks.lock(added);
        entityManager.flush();
        var keys = new GrantKeys();
        grants.activeDevices(added).forEach((id, grant) -> pending.grantKeys.put(id, keys.of(grant)));
        pending.networks.addAll(added);
    }

    @Override
    public void after() {
        var pending = pending();
        if (pending == null) {
            throw new IllegalStateException("AccessChanges.after() without before() in this transaction");
        }
        if (--pending.depth > 0) {
            return;
        }
        TransactionSynchronizationManager.unbindResource(this);
        entityManager.flush();
        Map<Long, String> now = new HashMap<>();
        var keys = new GrantKeys();
        grants.activeDevices(pending.networks).forEach((id, grant) -> now.put(id, keys.of(grant)));
        var changed = new HashSet<Long>();
        for (var id : union(pending.grantKeys.keySet(), now.keySet())) {
            if (!Objects.equals(pending.grantKeys.get(id), now.get(id))) {
                changed.add(id);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        var byGroup = new TreeMap<Long, List<Revisions.Replaced>>();
        var serving = new HashMap<Long, Optional<GatewayGroup>>();
        for (DevicePeer peer : devicePeers.byIds(changed)) {
            if (peer.status() != DeviceStatus.ACTIVE || !pending.networks.contains(peer.networkId())) {
                continue;
            }
            var group = serving.computeIfAbsent(peer.networkId(), groups::findServing);
            if (group.isPresent()) {
                var after = peer.spec();
                var before = after.withGrant(pending.grantKeys.get(peer.deviceId()));
                byGroup.computeIfAbsent(group.get().id(), id -> new ArrayList<>())
                        .add(new Revisions.Replaced(before, after));
            }
        }
        byGroup.forEach(revisions::peersReplaced);
    }

    /** A network edit can change grants (its access setting, its routes): compared around the edit. */
    @EventListener
    void on(NetworkChanging event) {
        before(List.of(event.networkId()));
        Objects.requireNonNull(pending()).openedByEvent.add(event.networkId());
    }

    @EventListener
    void on(NetworkChanged event) {
        var pending = pending();
        if (pending != null && pending.openedByEvent.remove(Long.valueOf(event.networkId()))) {
            after();
        }
    }

    /**
     * {@link Grant#key()} hashes the rules on every call; {@link AccessGrants} hands the devices of one owner the same
     * instance, so 100 users' 10,000 devices cost 100 hashes per look, not 10,000.
     */
    private static final class GrantKeys {
        private final Map<Grant, String> keys = new IdentityHashMap<>();

        String of(Grant grant) {
            return keys.computeIfAbsent(grant, Grant::key);
        }
    }

    private @Nullable Pending pending() {
        return (Pending) TransactionSynchronizationManager.getResource(this);
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        var all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
