package dev.tunnelgate.devices;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.SafeText;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admins revoke many devices at once: a selection, or everything a filter matches. The devices are resolved and one
 * summary audited in the caller's transaction; once that commits, a background thread revokes them in chunks, each
 * chunk in a transaction of its own through {@link DeviceRevoker} (which audits each device and tells the gateways).
 * A device someone else revoked meanwhile is skipped. Few runs at a time; the view polls the returned progress.
 */
@Service
@Transactional
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class BulkRevocations implements DisposableBean {
    static final int CHUNK = 100;
    /** Runs at once across the portal; a further start is refused until one ends. */
    static final int MAX_RUNS = 2;
    /** The most devices one run takes on. */
    public static final int MAX_DEVICES = 200_000;
    /** The most devices one selection names (they are looked up in one query). */
    public static final int MAX_SELECTION = 10_000;

    private static final Logger log = LoggerFactory.getLogger(BulkRevocations.class);

    private final FleetQueries queries;
    private final DeviceRepository devices;
    private final DeviceRevoker revoker;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final TransactionTemplate chunkTransaction;
    private final Semaphore runs = new Semaphore(MAX_RUNS);
    private final ThreadPoolExecutor executor;

    BulkRevocations(
            FleetQueries queries,
            DeviceRepository devices,
            DeviceRevoker revoker,
            AuditLog audit,
            CurrentUser currentUser,
            PlatformTransactionManager transactions) {
        this.queries = queries;
        this.devices = devices;
        this.revoker = revoker;
        this.audit = audit;
        this.currentUser = currentUser;
        this.chunkTransaction = new TransactionTemplate(transactions);
        chunkTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        var threads = new AtomicInteger();
        // The semaphore admits MAX_RUNS runs, so the queue never overflows.
        this.executor = new ThreadPoolExecutor(
                MAX_RUNS, MAX_RUNS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_RUNS), r -> {
                    var thread = new Thread(r, "bulk-revocation-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Revokes these devices (those of them still pending or active), with a reason their owners see. */
    public BulkRevocation start(Collection<Long> deviceIds, String reason) {
        var cleanReason = reason(reason);
        if (deviceIds.size() > MAX_SELECTION) {
            throw new InvalidInputException(Message.of("refusals.bulk.selection", MAX_SELECTION));
        }
        var ids = devices.findAllById(deviceIds.stream().distinct().toList()).stream()
                .filter(Device::canConnect)
                .map(Device::id)
                .sorted()
                .toList();
        return start(ids, cleanReason, "selection of " + deviceIds.size());
    }

    /** Revokes every device the filter matches that is still pending or active, with a reason their owners see. */
    public BulkRevocation start(FleetFilter filter, String reason) {
        var cleanReason = reason(reason);
        var ids = queries.revocableIds(filter);
        if (ids.size() > MAX_DEVICES) {
            throw new InvalidInputException(Message.of("refusals.bulk.filter", MAX_DEVICES));
        }
        return start(ids, cleanReason, "filter " + filter.toParameters());
    }

    private BulkRevocation start(List<Long> ids, String reason, String scope) {
        if (!runs.tryAcquire()) {
            throw new ConflictException(Message.of("refusals.bulk.running", MAX_RUNS));
        }
        var run = new BulkRevocation(ids.size());
        var actor = currentUser.actor();
        try {
            audit.record(
                    actor,
                    AuditAction.DEVICE_BULK_REVOKED,
                    new AuditTarget(AuditTarget.Kind.DEVICE, "bulk"),
                    "devices=%d %s reason=%s".formatted(ids.size(), scope, reason));
            // After the commit: the run must neither start on an audit that is rolled back nor hold up the request.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        executor.execute(() -> run(run, ids, actor, reason));
                    } else {
                        runs.release();
                    }
                }
            });
        } catch (RuntimeException e) {
            runs.release();
            throw e;
        }
        return run;
    }

    private void run(BulkRevocation run, List<Long> ids, String actor, String reason) {
        try {
            for (int from = 0; from < ids.size() && !executor.isShutdown(); from += CHUNK) {
                var chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try {
                    var revoked = chunkTransaction.execute(status -> revoker.revokeAll(chunk, actor, reason));
                    run.revoked(revoked == null ? 0 : revoked);
                    run.skipped(chunk.size() - (revoked == null ? 0 : revoked));
                } catch (RuntimeException chunkFailure) {
                    // One bad device must not cost the other 99: again one by one, each alone.
                    log.warn("Bulk revocation chunk failed, retrying its devices one by one", chunkFailure);
                    chunk.forEach(id -> one(run, id, actor, reason));
                }
            }
        } finally {
            run.finish();
            runs.release();
        }
    }

    private void one(BulkRevocation run, long id, String actor, String reason) {
        try {
            var revoked = Boolean.TRUE.equals(chunkTransaction.execute(status -> revoker.revoke(id, actor, reason)));
            if (revoked) {
                run.revoked(1);
            } else {
                run.skipped(1);
            }
        } catch (RuntimeException e) {
            log.warn("Bulk revocation could not revoke device {}", id, e);
            run.failed(1);
        }
    }

    private static String reason(String reason) {
        return SafeText.clean(reason, DeviceField.REASON, 1, Device.REASON_MAX_LENGTH);
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
