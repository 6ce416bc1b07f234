package dev.tunnelgate.testing;

import dev.tunnelgate.jobs.DeliveryProgress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Primary;

/**
 * The integration tests' {@link DeliveryProgress}: groups a test scripted answer from the script,
 * every other group from the application's own implementation (none yet: no members). Imported by
 * {@link PortalIntegrationTest}, so every test shares it; tests use group ids of their own and
 * {@link #forget} them afterwards.
 */
@Primary
public final class ScriptedDeliveryProgress implements DeliveryProgress {
    private final Map<Long, LongFunction<Progress>> scripts = new ConcurrentHashMap<>();
    private final Map<Long, List<Call>> calls = new ConcurrentHashMap<>();
    private final ObjectProvider<DeliveryProgress> implementations;

    ScriptedDeliveryProgress(ObjectProvider<DeliveryProgress> implementations) {
        this.implementations = implementations;
    }

    /** From now on, asked about {@code groupId}, answers {@code progress} of the target revision asked for. */
    public void script(long groupId, LongFunction<Progress> progress) {
        scripts.put(groupId, progress);
    }

    /** The questions asked about a scripted group so far, oldest first. */
    public List<Call> calls(long groupId) {
        return List.copyOf(calls.getOrDefault(groupId, List.of()));
    }

    public void forget(long groupId) {
        scripts.remove(groupId);
        calls.remove(groupId);
    }

    @Override
    public Progress progress(long groupId, long targetRevision) {
        var script = scripts.get(groupId);
        if (script == null) {
            return implementations
                    .orderedStream()
                    .filter(p -> p != this)
                    .findFirst()
                    .map(p -> p.progress(groupId, targetRevision))
                    .orElseGet(Progress::noMembers);
        }
        calls.computeIfAbsent(groupId, id -> new CopyOnWriteArrayList<>()).add(new Call(Instant.now(), targetRevision));
        return script.apply(targetRevision);
    }

    public record Call(Instant at, long targetRevision) {}
}
