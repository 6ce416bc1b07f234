package dev.tunnelgate.networks;

import dev.tunnelgate.api.ETags;
import dev.tunnelgate.api.PreconditionFailedException;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.persistence.Versioned;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.wgconfig.Endpoint;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes and lists networks; every change is validated and audited. */
@Service
@Transactional
public class NetworkService {
    private final NetworkRepository networks;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final GatewayOwner gatewayOwner;

    NetworkService(
            NetworkRepository networks,
            AuditLog audit,
            CurrentUser currentUser,
            Clock clock,
            ApplicationEventPublisher events,
            GatewayOwner gatewayOwner) {
        this.networks = networks;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
        this.events = events;
        this.gatewayOwner = gatewayOwner;
    }

    /** Creates a network; invalid settings throw {@link InvalidInputException} naming the field, and nothing is saved. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public long create(NetworkSpec spec) {
        var valid = NetworkValidator.validate(spec);
        requireUniqueName(valid.name(), null);
        Network network;
        try {
            network = networks.saveAndFlush(new Network(valid, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw refusal(e, valid.name());
        }
        audit.record(currentUser.actor(), AuditAction.NETWORK_CREATED, target(network), valid.toString());
        return network.id();
    }

    /**
     * Changes a network's settings. Publishes {@link NetworkChanging} once the new settings are valid and before they
     * are applied, and {@link NetworkChanged} after, both in the transaction of the change. A network served by a
     * gateway group keeps the group's endpoint and gateway public key (see {@link GatewayOwner}), whatever the spec
     * says of them.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void update(long id, NetworkSpec spec) {
        update(id, spec, null);
    }

    /**
     * As {@link #update(long, NetworkSpec)}, only while the network is at {@code expectedVersion} (null: at any
     * version). The version is compared under the network's row lock, so of two updates that saw the same version
     * one wins and the other is refused with {@link PreconditionFailedException}.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void update(long id, NetworkSpec spec, @Nullable Integer expectedVersion) {
        lockAt(id, expectedVersion);
        var network = networks.findById(id).orElseThrow(() -> new NetworkNotFoundException(id));
        var before = network.settings();
        var valid = NetworkValidator.validate(spec);
        if (gatewayOwner.groupServing(id).isPresent()) {
            valid = valid.withGateway(before.endpoint(), before.gatewayPublicKey());
        }
        requireUniqueName(valid.name(), id);
        events.publishEvent(new NetworkChanging(id));
        network.apply(valid);
        try {
            networks.flush();
        } catch (DataIntegrityViolationException e) {
            throw refusal(e, valid.name());
        }
        audit.record(
                currentUser.actor(),
                AuditAction.NETWORK_CHANGED,
                target(network),
                "before=" + before + " after=" + valid);
        events.publishEvent(new NetworkChanged(id));
    }

    /**
     * Changes a network's lifecycle rules (expiry, stale devices, rotation). They apply from the next sweep: expiry to
     * devices enrolled from then on, the stale rule to every active device. Audited with before and after.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public NetworkLifecycle updateLifecycle(long id, LifecycleSpec spec) {
        return updateLifecycle(id, spec, null);
    }

    /**
     * As {@link #updateLifecycle(long, LifecycleSpec)}, only while the network is at {@code expectedVersion} (null: at
     * any version), compared under the row lock as in {@link #update(long, NetworkSpec, Integer)}.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public NetworkLifecycle updateLifecycle(long id, LifecycleSpec spec, @Nullable Integer expectedVersion) {
        var valid = spec.validate();
        lockAt(id, expectedVersion);
        var network = networks.findById(id).orElseThrow(() -> new NetworkNotFoundException(id));
        var before = network.lifecycle();
        if (!before.equals(valid)) {
            network.applyLifecycle(valid);
            networks.flush();
            audit.record(
                    currentUser.actor(),
                    AuditAction.NETWORK_LIFECYCLE_CHANGED,
                    target(network),
                    "before=" + before + " after=" + valid);
        }
        return valid;
    }

    /**
     * Points a network's client configs at the gateway group that serves it: its endpoint and, once known, its
     * public key (null keeps the one the network has). Called by the gateway side (an admin saving a group, or a
     * gateway reporting its key), which has authorized the caller.
     */
    public void assignGateway(long id, Endpoint endpoint, @Nullable WgKey publicKey, String actor) {
        var network = networks.findById(id).orElseThrow(() -> new NetworkNotFoundException(id));
        var before = network.settings();
        var after = before.withGateway(endpoint, publicKey == null ? before.gatewayPublicKey() : publicKey);
        if (after.equals(before)) {
            return;
        }
        network.apply(after);
        networks.flush();
        audit.record(
                actor,
                AuditAction.NETWORK_GATEWAY_ASSIGNED,
                target(network),
                "endpoint=%s publicKey=%s".formatted(after.endpoint(), keyText(after.gatewayPublicKey())));
    }

    /**
     * A network no gateway group serves any more: its configs lose the gateway key, so that no config pairs an
     * endpoint with the key of a gateway that no longer has the network's peers. Same callers as
     * {@link #assignGateway}.
     */
    public void releaseGateway(long id, String actor) {
        var network = networks.findById(id).orElseThrow(() -> new NetworkNotFoundException(id));
        var before = network.settings();
        if (before.gatewayPublicKey() == null) {
            return;
        }
        network.apply(before.withGateway(before.endpoint(), null));
        networks.flush();
        audit.record(
                actor,
                AuditAction.NETWORK_GATEWAY_RELEASED,
                target(network),
                "publicKey=" + keyText(before.gatewayPublicKey()));
    }

    /**
     * Locks the rows of these networks until the caller's transaction ends, in ascending id order so that two
     * callers never wait on each other crosswise; ids of networks that do not exist are skipped. Returns how many
     * were locked. Features whose changes must be ordered with a network's (the devices a gateway group serves,
     * the first address cursor of a pool) take it before they read. On PostgreSQL the lock is FOR NO KEY UPDATE,
     * which the foreign-key checks of concurrent inserts (KEY SHARE) do not queue behind.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int lock(Collection<Long> ids) {
        int locked = 0;
        for (long id : new TreeSet<>(ids)) {
            if (networks.lockById(id).isPresent()) {
                locked++;
            }
        }
        return locked;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<NetworkRow> list(Pageable pageable) {
        return networks.findAllByOrderByNameAscIdAsc(pageable).map(NetworkRow::of);
    }

    /**
     * The gateway group that serves this network and so sets its endpoint and gateway public key; empty when the
     * network sets them itself.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Optional<String> gatewayGroup(long id) {
        return gatewayOwner.groupServing(id);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public NetworkSettings get(long id) {
        return networks.findById(id).map(Network::settings).orElseThrow(() -> new NetworkNotFoundException(id));
    }

    /** A network's settings with the version they were read at, for an update that must not overwrite a newer one. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Versioned<NetworkSettings> getVersioned(long id) {
        return networks.findById(id)
                .map(n -> new Versioned<>(n.settings(), n.version()))
                .orElseThrow(() -> new NetworkNotFoundException(id));
    }

    /** A network's lifecycle rules with the version of the network they were read at (they share its row). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Versioned<NetworkLifecycle> lifecycleVersioned(long id) {
        return networks.findById(id)
                .map(n -> new Versioned<>(n.lifecycle(), n.version()))
                .orElseThrow(() -> new NetworkNotFoundException(id));
    }

    /**
     * The network's lifecycle rules (expiry, stale devices, rotation). Not a secret and checked by no role: the
     * devices' services, which authorize their callers, and the scheduled lifecycle tasks read it.
     */
    @Transactional(readOnly = true)
    public NetworkLifecycle lifecycle(long id) {
        return networks.findById(id).map(Network::lifecycle).orElseThrow(() -> new NetworkNotFoundException(id));
    }

    /** The networks a signed-in user may enroll a device in (today: all of them, by name). */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public List<NetworkRow> joinable() {
        return networks.findAllByOrderByNameAscIdAsc(PageRequest.of(0, 500))
                .map(NetworkRow::of)
                .getContent();
    }

    /** A network a signed-in user may enroll in, with what a device config needs. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public NetworkRow joinable(long id) {
        return networks.findById(id).map(NetworkRow::of).orElseThrow(() -> new NetworkNotFoundException(id));
    }

    /** The embedded default's first network, so a newcomer can enroll at once; does nothing once any network exists. */
    boolean createDefaultIfNone(NetworkSpec spec) {
        if (networks.count() > 0) {
            return false;
        }
        var network = networks.saveAndFlush(new Network(NetworkValidator.validate(spec), clock.instant()));
        audit.record("system", AuditAction.NETWORK_CREATED, target(network), "default network of the embedded set-up");
        return true;
    }

    /**
     * Locks the network's row until the transaction ends; refuses when it is not at {@code expectedVersion} (null: no
     * expectation). Read under the lock, the version is the committed one that this change will raise.
     */
    private void lockAt(long id, @Nullable Integer expectedVersion) {
        int version = networks.lockVersion(id).orElseThrow(() -> new NetworkNotFoundException(id));
        if (expectedVersion != null) {
            ETags.requireVersion(expectedVersion, version);
        }
    }

    private void requireUniqueName(String name, @Nullable Long self) {
        networks.findByNameKey(UniqueNames.key(name))
                .filter(other -> self == null || other.id() != self.longValue())
                .ifPresent(other -> {
                    throw duplicateName(other.name());
                });
    }

    private static String keyText(@Nullable WgKey key) {
        return String.valueOf(key == null ? null : key.toBase64());
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException(NetworkField.NAME, Message.of("refusals.network.name-taken", name));
    }

    /** Another admin stored this name (in any case) since {@link #requireUniqueName} looked; other refusals are rethrown. */
    private static InvalidInputException refusal(DataIntegrityViolationException e, String name) {
        if (UniqueNames.refusedBy(e, "uq_network_name_key")) {
            return duplicateName(name);
        }
        throw e;
    }

    private static AuditTarget target(Network network) {
        return AuditTarget.network(network.id());
    }
}
