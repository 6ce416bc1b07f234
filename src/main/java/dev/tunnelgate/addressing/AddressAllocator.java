package dev.tunnelgate.addressing;

import dev.tunnelgate.networks.NetworkService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands out addresses from a network's pools inside the caller's transaction, so that a device and
 * its addresses commit or roll back together.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class AddressAllocator {
    private final AddressLeaseRepository leases;
    private final AddressCursorRepository cursors;
    private final NetworkService networks;
    private final AddressingSettings settings;
    private final Clock clock;

    AddressAllocator(
            AddressLeaseRepository leases,
            AddressCursorRepository cursors,
            NetworkService networks,
            AddressingSettings settings,
            Clock clock) {
        this.leases = leases;
        this.cursors = cursors;
        this.networks = networks;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Returns the holder's address in the pool: the one it already holds, else an address released
     * longer than the quarantine ago, else the next never-used one (skipping reserved addresses).
     * Throws {@link PoolExhaustedException} when there is none; the caller's transaction is then
     * rolled back. Concurrent allocations never get the same address (a unique constraint backs the
     * locks); two concurrent calls for the same holder are the caller's to prevent.
     */
    public Lease allocate(long networkId, AddressPool pool, String holder) {
        checkHolder(holder);
        var family = pool.family();
        var held = leases.findByHolderAndReleasedAtIsNull(holder).stream()
                .map(AddressLease::toLease)
                .filter(lease -> lease.networkId() == networkId && lease.family() == family)
                .findFirst();
        if (held.isPresent()) {
            return held.get();
        }
        var now = storable(clock.instant());
        var quarantineOver = now.minus(settings.quarantine());
        var reusable = leases.findFirstByNetworkIdAndFamilyAndReleasedAtBetweenOrderByReleasedAtAscAddressIndexAsc(
                networkId, family, Instant.EPOCH, quarantineOver);
        if (reusable.isPresent()) {
            var lease = reusable.get();
            lease.reassign(holder, now);
            return lease.toLease();
        }
        var cursor = lockCursor(networkId, family);
        long index = cursor.nextIndex();
        while (index < pool.size() && pool.isReserved(index)) {
            index++;
        }
        if (index >= pool.size()) {
            throw exhausted(networkId, pool, quarantineOver);
        }
        cursor.advancePast(index);
        var address = pool.addressAt(index).toCanonicalString();
        return leases.save(new AddressLease(networkId, family, index, address, holder, now))
                .toLease();
    }

    /**
     * Releases every address the holder has in the network as of {@code when}; they go to other
     * holders only after the quarantine. Releasing twice changes nothing.
     */
    public void release(long networkId, String holder, Instant when) {
        checkHolder(holder);
        if (when.isBefore(Instant.EPOCH)) {
            // Reuse looks for releases from 1970 on (see the repository); an earlier one would be lost.
            throw new IllegalArgumentException("Release time %s is before 1970".formatted(when));
        }
        leases.findByHolderAndReleasedAtIsNull(holder).stream()
                .filter(lease -> lease.networkId() == networkId)
                .forEach(lease -> lease.release(storable(when)));
    }

    /**
     * Hands every address {@code from} holds in the network to {@code to}, without a release in between: the
     * addresses stay in use. The caller makes sure {@code to} holds none of the same family there (it releases them
     * first), so a holder keeps one address per family.
     */
    public void transfer(long networkId, String from, String to) {
        checkHolder(from);
        checkHolder(to);
        var moving = leases.findByHolderAndReleasedAtIsNull(from).stream()
                .filter(lease -> lease.networkId() == networkId)
                .toList();
        var families = moving.stream().map(l -> l.toLease().family()).toList();
        if (leases.findByHolderAndReleasedAtIsNull(to).stream()
                .anyMatch(l -> l.networkId() == networkId
                        && families.contains(l.toLease().family()))) {
            throw new IllegalStateException(
                    "%s still holds an address of the family %s hands over".formatted(to, from));
        }
        moving.forEach(lease -> lease.handTo(to));
    }

    private AddressCursor lockCursor(long networkId, AddressFamily family) {
        var key = new AddressCursor.Key(networkId, family);
        return cursors.findById(key).orElseGet(() -> {
            // Two first allocations would both insert a cursor; the network row lock lets one go first.
            if (networks.lock(List.of(networkId)) == 0) {
                throw new IllegalArgumentException("Network %d does not exist".formatted(networkId));
            }
            return cursors.findById(key).orElseGet(() -> cursors.save(new AddressCursor(key)));
        });
    }

    private PoolExhaustedException exhausted(long networkId, AddressPool pool, Instant quarantineOver) {
        var family = pool.family();
        var firstToReturn = leases.findFirstByNetworkIdAndFamilyAndReleasedAtGreaterThanOrderByReleasedAtAsc(
                networkId, family, quarantineOver);
        return new PoolExhaustedException(
                networkId,
                pool,
                leases.countByNetworkIdAndFamilyAndReleasedAtIsNull(networkId, family),
                pool.reservedIndexes(),
                leases.countByNetworkIdAndFamilyAndReleasedAtGreaterThan(networkId, family, quarantineOver),
                firstToReturn
                        .map(lease -> Objects.requireNonNull(lease.releasedAt()).plus(settings.quarantine()))
                        .orElse(null));
    }

    /** Both databases keep microseconds; a lease read back must equal the one handed out. */
    private static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkHolder(String holder) {
        if (holder.isBlank()
                || holder.length() > AddressLease.HOLDER_MAX_LENGTH
                || holder.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Lease holder must be 1 to %d characters on one line, such as device:42"
                    .formatted(AddressLease.HOLDER_MAX_LENGTH));
        }
    }
}
