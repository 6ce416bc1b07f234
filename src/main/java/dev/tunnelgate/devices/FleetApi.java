package dev.tunnelgate.devices;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every device of every user, as the admin Devices view lists it, for admins and auditors: the view's filters as the
 * same query parameters its URL has ({@code owner}, {@code network}, {@code status}, {@code silent}, {@code expires}),
 * sorted by its columns ({@code sort=created,desc}, repeatable), paged. Admins revoke one device with a reason. A
 * parameter the view would ignore with a note is refused here, naming it.
 */
@ApiEndpoint
@RestController
@RequestMapping(ApiSecurity.PATH + "/fleet/devices")
class FleetApi {
    private static final Pattern SORT = Pattern.compile("([a-z-]{1,20})(?:,(asc|desc))?");
    private static final String NOTE = "fleet.note.";

    private final DeviceFleet fleet;
    private final DeviceService devices;

    FleetApi(DeviceFleet fleet, DeviceService devices) {
        this.fleet = fleet;
        this.devices = devices;
    }

    /** The reason the owner sees; required. */
    record Revoke(@Nullable String reason) {}

    record Count(long count) {}

    /** Newest first unless sorted otherwise; the id breaks ties, so pages neither repeat nor skip devices. */
    @GetMapping
    ApiPage<ApiDevice> list(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size,
            @RequestParam MultiValueMap<String, String> parameters) {
        var pageable = ApiPaging.of(page, size);
        return ApiPaging.page(fleet.page(filter(parameters), orders(parameters.get("sort")), pageable)
                .map(ApiDevice::of));
    }

    /** How many devices the filter matches. */
    @GetMapping("/count")
    Count count(@RequestParam MultiValueMap<String, String> parameters) {
        return new Count(fleet.count(filter(parameters)));
    }

    /** 204; the gateways drop the device, its owner sees the reason. */
    @PostMapping("/{id}/revoke")
    ResponseEntity<Void> revoke(@PathVariable long id, @RequestBody Revoke body) {
        devices.revokeAsAdmin(id, Objects.requireNonNullElse(body.reason(), ""));
        return ResponseEntity.noContent().build();
    }

    /** The filter the view's URL would show; what the view would leave out with a note is refused instead. */
    static FleetFilter filter(Map<String, List<String>> parameters) {
        var parsed = FleetFilter.parse(parameters);
        if (!parsed.notes().isEmpty()) {
            var note = parsed.notes().getFirst();
            var kind = note.key().substring(NOTE.length());
            var parameter = kind.equals("repeated") ? note.arguments().getFirst() : kind;
            throw new InvalidInputException(
                    FleetParameter.valueOf(parameter.toUpperCase(Locale.ROOT)),
                    Message.of("refusals.fleet." + kind, note.arguments().toArray()));
        }
        return parsed.filter();
    }

    /** {@code column}, {@code column,asc} or {@code column,desc} with the view's column keys, each at most once. */
    static List<FleetColumn.Order> orders(@Nullable List<String> sort) {
        if (sort == null) {
            return List.of();
        }
        var orders = new ArrayList<FleetColumn.Order>();
        for (var value : sort) {
            var matcher = SORT.matcher(value);
            var column = matcher.matches() ? FleetColumn.byKey(matcher.group(1)).orElse(null) : null;
            if (column == null || orders.stream().anyMatch(order -> order.column() == column)) {
                var keys = Arrays.stream(FleetColumn.values())
                        .map(FleetColumn::key)
                        .collect(Collectors.joining(", "));
                throw new InvalidInputException(FleetParameter.SORT, Message.of("refusals.fleet.sort", keys));
            }
            orders.add(new FleetColumn.Order(column, "desc".equals(matcher.group(2))));
        }
        return List.copyOf(orders);
    }
}
