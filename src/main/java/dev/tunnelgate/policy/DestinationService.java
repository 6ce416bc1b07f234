package dev.tunnelgate.policy;

import dev.tunnelgate.api.ETags;
import dev.tunnelgate.api.PreconditionFailedException;
import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.persistence.UniqueNames;
import dev.tunnelgate.persistence.Versioned;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes destinations; admins write, auditors read. Every change is validated, audited with
 * before and after, and carried to the gateways of the networks whose policies grant the destination
 * ({@link AccessChanges}), in its transaction.
 */
@Service
@Transactional
public class DestinationService {
    private final DestinationRepository destinations;
    private final AccessChanges accessChanges;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final JdbcTemplate jdbc;

    DestinationService(
            DestinationRepository destinations,
            AccessChanges accessChanges,
            AuditLog audit,
            CurrentUser currentUser,
            Clock clock,
            JdbcTemplate jdbc) {
        this.destinations = destinations;
        this.accessChanges = accessChanges;
        this.audit = audit;
        this.currentUser = currentUser;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** Creates a destination; invalid input throws {@link InvalidInputException} naming the field, and nothing is saved. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public long create(DestinationSpec spec) {
        var valid = DestinationValidator.validate(spec);
        requireUniqueName(valid.name(), null);
        // No policy grants a new destination yet: nothing any device reaches changes.
        return accessChanges.apply(List.of(), () -> {
            Destination destination;
            try {
                destination = destinations.saveAndFlush(new Destination(valid, clock.instant()));
            } catch (DataIntegrityViolationException e) {
                throw refusal(e, valid.name());
            }
            audit.record(currentUser.actor(), AuditAction.DESTINATION_CREATED, target(destination), "after=" + valid);
            return destination.id();
        });
    }

    /** Changes a destination; devices granted it by a policy reach the new prefixes, protocol and ports. */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void update(long id, DestinationSpec spec) {
        update(id, spec, null);
    }

    /**
     * As {@link #update(long, DestinationSpec)}, only while the destination is at {@code expectedVersion} (null: at
     * any version). The version is compared under the destination's row lock, so of two updates that saw the same
     * version one wins and the other is refused with {@link PreconditionFailedException}.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void update(long id, DestinationSpec spec, @Nullable Integer expectedVersion) {
        var destination = lock(id, expectedVersion);
        var valid = DestinationValidator.validate(spec);
        requireUniqueName(valid.name(), id);
        var before = destination.settings();
        accessChanges.apply(networksGranting(id), () -> {
            destination.apply(valid);
            try {
                destinations.flush();
            } catch (DataIntegrityViolationException e) {
                throw refusal(e, valid.name());
            }
            audit.record(
                    currentUser.actor(),
                    AuditAction.DESTINATION_CHANGED,
                    target(destination),
                    "before=" + before + " after=" + valid);
            return null;
        });
    }

    /**
     * Deletes a destination that no policy grants; one that a policy still grants is refused with a
     * {@link ConflictException} naming the policies.
     */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void delete(long id) {
        delete(id, null);
    }

    /** As {@link #delete(long)}, only while the destination is at {@code expectedVersion} (null: at any version). */
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public void delete(long id, @Nullable Integer expectedVersion) {
        var destination = lock(id, expectedVersion);
        var granting = jdbc.queryForList(
                "select p.name from access_policy p join access_policy_destination pd on pd.policy_id = p.id"
                        + " where pd.destination_id = ? order by p.name",
                String.class,
                id);
        if (!granting.isEmpty()) {
            throw new ConflictException(Message.of(
                    granting.size() == 1
                            ? "refusals.policy.destination.granted"
                            : "refusals.policy.destination.granted-by-many",
                    destination.name(),
                    String.join("\", \"", granting)));
        }
        var before = destination.settings();
        accessChanges.apply(List.of(), () -> {
            destinations.delete(destination);
            destinations.flush();
            audit.record(currentUser.actor(), AuditAction.DESTINATION_DELETED, target(destination), "before=" + before);
            return null;
        });
    }

    /** Checks a destination's form data without saving it: its settings, or the refusal that saving would throw. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public DestinationSettings validate(DestinationSpec spec) {
        return DestinationValidator.validate(spec);
    }

    /** One page of destinations by name, without a count query. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Slice<DestinationRow> list(Pageable pageable) {
        return destinations.findAllByOrderByNameAscIdAsc(pageable).map(DestinationRow::of);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public DestinationRow get(long id) {
        return destinations
                .findById(id)
                .map(DestinationRow::of)
                .orElseThrow(() -> new DestinationNotFoundException(id));
    }

    /** A destination with the version it was read at, for an update that must not overwrite a newer one. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public Versioned<DestinationRow> getVersioned(long id) {
        return destinations
                .findById(id)
                .map(d -> new Versioned<>(DestinationRow.of(d), d.version()))
                .orElseThrow(() -> new DestinationNotFoundException(id));
    }

    /**
     * The destination, locked: a policy that is saved with it at the same moment (it locks its destinations too)
     * waits, so the networks found to grant it stay those until this transaction ends. Refused unless it is at
     * {@code expectedVersion} (null: no expectation), read after the lock.
     */
    private Destination lock(long id, @Nullable Integer expectedVersion) {
        if (destinations.lockAll(List.of(id)).isEmpty()) {
            throw new DestinationNotFoundException(id);
        }
        var destination = destinations.findById(id).orElseThrow(() -> new DestinationNotFoundException(id));
        if (expectedVersion != null) {
            ETags.requireVersion(expectedVersion, destination.version());
        }
        return destination;
    }

    /** The networks of every policy that grants the destination (enabled or not). */
    private List<Long> networksGranting(long destinationId) {
        return jdbc.query(
                "select distinct pn.network_id from access_policy_network pn"
                        + " join access_policy_destination pd on pd.policy_id = pn.policy_id"
                        + " where pd.destination_id = ?",
                (rs, row) -> rs.getLong(1),
                destinationId);
    }

    private void requireUniqueName(String name, @Nullable Long self) {
        destinations
                .findByNameKey(UniqueNames.key(name))
                .filter(other -> self == null || other.id() != self.longValue())
                .ifPresent(other -> {
                    throw duplicateName(other.name());
                });
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException(DestinationField.NAME, Message.of("refusals.policy.destination.name-taken", name));
    }

    /** Another admin stored this name (in any case) since {@link #requireUniqueName} looked. */
    private static InvalidInputException refusal(DataIntegrityViolationException e, String name) {
        if (UniqueNames.refusedBy(e, "uq_destination_name_key")) {
            return duplicateName(name);
        }
        throw e;
    }

    private static AuditTarget target(Destination destination) {
        return AuditTarget.destination(destination.id());
    }
}
