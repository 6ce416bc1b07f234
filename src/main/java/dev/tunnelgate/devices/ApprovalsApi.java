package dev.tunnelgate.devices;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Devices waiting for a decision, as "Approvals" shows them: approvers list them (oldest first), approve or reject
 * them, never their own. {@link DeviceService} checks the role and the device's state.
 */
@ApiEndpoint
@RestController
@RequestMapping(ApiSecurity.PATH + "/approvals")
class ApprovalsApi {
    private final DeviceService devices;

    ApprovalsApi(DeviceService devices) {
        this.devices = devices;
    }

    /** The reason the owner sees; required. */
    record Reject(@Nullable String reason) {}

    @GetMapping
    ApiPage<ApiDevice> pending(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(devices.pending(ApiPaging.of(page, size)).map(ApiDevice::of));
    }

    /** 204; the gateways serving the device's network pick it up. */
    @PostMapping("/{id}/approve")
    ResponseEntity<Void> approve(@PathVariable long id) {
        devices.approve(id);
        return ResponseEntity.noContent().build();
    }

    /** 204; the device's addresses are released. */
    @PostMapping("/{id}/reject")
    ResponseEntity<Void> reject(@PathVariable long id, @RequestBody Reject body) {
        devices.reject(id, Objects.requireNonNullElse(body.reason(), ""));
        return ResponseEntity.noContent().build();
    }
}
