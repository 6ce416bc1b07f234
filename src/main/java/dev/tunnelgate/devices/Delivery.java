package dev.tunnelgate.devices;

import java.util.List;

/**
 * How far the gateways are with a device's last change: its approval while it is active, its removal once it is
 * revoked. Counts are of the serving group's active members; the device views word it.
 */
public sealed interface Delivery {
    /** No gateway group serves the device's network. */
    record Unserved() implements Delivery {}

    /** The group has no active member that could carry the device yet. */
    record AwaitingMember() implements Delivery {}

    /** Some members do not carry the approved device yet; {@code behind} names them. */
    record Pending(List<String> behind, int members) implements Delivery {
        public Pending {
            behind = List.copyOf(behind);
        }
    }

    /** Every member carries the device. */
    record Active(int members) implements Delivery {}

    /** Some members still carry the revoked device; {@code behind} names them. */
    record RevocationPending(List<String> behind, int members) implements Delivery {
        public RevocationPending {
            behind = List.copyOf(behind);
        }
    }

    /** No member carries the revoked device any more; {@code members} is 0 when the group has none. */
    record Removed(int members) implements Delivery {}
}
