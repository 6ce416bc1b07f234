package dev.tunnelgate.devices;

import dev.tunnelgate.identity.Roles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every device of every user, for admins and auditors: filtered, sorted and paged in the database, and exported as
 * CSV. Read-only; revoking is {@link DeviceService#revoke(long, String)} and {@link BulkRevocations}.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
public class DeviceFleet {
    /** The most rows one page may ask for. */
    public static final int MAX_PAGE = 500;

    static final int EXPORT_BATCH = 500;
    private static final EnumSet<DeviceStatus> REVOCABLE = EnumSet.of(DeviceStatus.PENDING, DeviceStatus.ACTIVE);

    private final FleetQueries queries;
    private final ObjectProvider<DeliveryStatus> delivery;

    DeviceFleet(FleetQueries queries, ObjectProvider<DeliveryStatus> delivery) {
        this.queries = queries;
        this.delivery = delivery;
    }

    /**
     * One page of the devices the filter matches, in the given order (newest first when none; the id breaks ties), with
     * each device's delivery state. {@code offset} is at least 0, {@code limit} from 1 to {@link #MAX_PAGE}.
     */
    public List<DeviceRow> page(FleetFilter filter, List<FleetColumn.Order> orders, long offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("A page is offset >= 0 and 1 to %d rows".formatted(MAX_PAGE));
        }
        return withDelivery(queries.page(filter, orders, offset, limit));
    }

    /**
     * As {@link #page(FleetFilter, List, long, int)}, as a slice that knows whether another page follows (one row more
     * is read to tell); its size is from 1 to {@link #MAX_PAGE}.
     */
    public Slice<DeviceRow> page(FleetFilter filter, List<FleetColumn.Order> orders, Pageable pageable) {
        int size = pageable.getPageSize();
        if (size > MAX_PAGE) {
            throw new IllegalArgumentException("A page is 1 to %d rows".formatted(MAX_PAGE));
        }
        var rows = queries.page(filter, orders, pageable.getOffset(), size + 1);
        var hasNext = rows.size() > size;
        return new SliceImpl<>(withDelivery(hasNext ? rows.subList(0, size) : rows), pageable, hasNext);
    }

    /** How many devices the filter matches. */
    public long count(FleetFilter filter) {
        return queries.count(filter);
    }

    /** How many of the devices the filter matches can still be revoked (pending or active). */
    public long revocableCount(FleetFilter filter) {
        if (filter.status() != null) {
            return REVOCABLE.contains(filter.status()) ? queries.count(filter) : 0;
        }
        return queries.count(filter.withStatus(DeviceStatus.PENDING))
                + queries.count(filter.withStatus(DeviceStatus.ACTIVE));
    }

    /**
     * Writes every device the filter matches as CSV (UTF-8, a header line first), in the given order, reading and
     * writing a batch at a time; the stream is flushed, not closed.
     */
    public void exportCsv(FleetFilter filter, List<FleetColumn.Order> orders, OutputStream out) {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try {
            FleetCsv.header(writer);
            queries.each(filter, orders, EXPORT_BATCH, batch -> {
                try {
                    for (var row : withDelivery(batch)) {
                        FleetCsv.row(writer, row);
                    }
                    writer.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<DeviceRow> withDelivery(List<DeviceRow> rows) {
        var source = delivery.getIfAvailable();
        if (source == null || rows.isEmpty()) {
            return rows;
        }
        var states = source.describe(rows);
        return rows.stream().map(row -> row.withDelivery(states.get(row.id()))).toList();
    }
}
