package dev.tunnelgate.policy;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Carries a change of what decides access (policies, destinations, a user's groups, a network's access setting) to
 * the gateways, in the transaction of the change. Implemented on the gateway side: {@link #before} locks the networks
 * and remembers every active device's grant as it is, {@link #after} flushes, compares, and raises the revision of
 * each gateway group whose devices' grants changed (a job is staged as for peers). Calls nest: only the outermost
 * pair compares.
 */
public interface AccessChanges {
    /** Before anything that decides access for devices of these networks changes; needs a transaction. */
    void before(Collection<Long> networkIds);

    /** After the change: publishes what it changed. Pairs with the last unmatched {@link #before}. */
    void after();

    /** {@link #before}, the change, {@link #after}. */
    default <T> T apply(Collection<Long> networkIds, Supplier<T> change) {
        before(networkIds);
        T result = change.get();
        after();
        return result;
    }
}
