package dev.tunnelgate.addressing;

import java.time.Instant;

/** An address handed to a holder (such as {@code device:42}); {@code index} is its position in the pool. */
public record Lease(
        long networkId, AddressFamily family, long index, String address, String holder, Instant leasedAt) {}
