package dev.tunnelgate.devices;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.networks.NetworkNotFoundException;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own devices, as "My devices" and "Add device" handle them: list, enroll with the caller's own public
 * key, rename, revoke, download the config (with a placeholder for the private key, which the server never had).
 * Anyone else's device is not found, whatever the caller's roles; {@link DeviceService} decides all of it.
 */
@ApiEndpoint
@RestController
@RequestMapping(MyDevicesApi.PATH)
class MyDevicesApi {
    static final String PATH = ApiSecurity.PATH + "/devices";

    private final DeviceService devices;

    MyDevicesApi(DeviceService devices) {
        this.devices = devices;
    }

    /** A device with a key the caller made; platform defaults to OTHER, expiry to the network's rule. */
    record Enroll(
            @Nullable String name,
            @Nullable Long networkId,
            @Nullable String publicKey,
            @Nullable Platform platform,
            @Nullable Integer expiresInDays) {}

    record Rename(@Nullable String name) {}

    record Revoke(@Nullable String reason) {}

    /** Newest first; revoked and rejected devices only with {@code ended=true}. */
    @GetMapping
    ApiPage<ApiDevice> list(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size,
            @RequestParam(defaultValue = "false") boolean ended) {
        return ApiPaging.page(devices.myDevices(ApiPaging.of(page, size), ended).map(ApiDevice::of));
    }

    /** 201 with the device; it is active at once when the network's approval policy approves it, else pending. */
    @PostMapping
    ResponseEntity<ApiDevice> enroll(@RequestBody Enroll body) {
        var networkId = body.networkId();
        if (networkId == null) {
            throw new InvalidInputException(
                    DeviceField.NETWORK, Message.of("refusals.text.required", DeviceField.NETWORK.label()));
        }
        Enrollment enrollment;
        try {
            enrollment = devices.enroll(new EnrollmentRequest(
                    Objects.requireNonNullElse(body.name(), ""),
                    Objects.requireNonNullElse(body.platform(), Platform.OTHER),
                    networkId,
                    KeyOrigin.USER,
                    body.publicKey(),
                    body.expiresInDays()));
        } catch (NetworkNotFoundException e) {
            // The network is named in the body, not in the path: the body is wrong, the resource is not missing.
            throw new InvalidInputException(DeviceField.NETWORK, String.valueOf(e.getMessage()));
        }
        var device = enrollment.device();
        return ResponseEntity.created(URI.create(PATH + "/" + device.id())).body(ApiDevice.of(device));
    }

    @GetMapping("/{id}")
    ApiDevice get(@PathVariable long id) {
        return ApiDevice.of(devices.myDevice(id));
    }

    /** Renames the device; the name is the only field that changes. */
    @PatchMapping("/{id}")
    ApiDevice rename(@PathVariable long id, @RequestBody Rename body) {
        devices.rename(id, Objects.requireNonNullElse(body.name(), ""));
        return ApiDevice.of(devices.myDevice(id));
    }

    /** Revokes the device, with an optional reason; the body may be left out. */
    @PostMapping("/{id}/revoke")
    ApiDevice revoke(@PathVariable long id, @RequestBody(required = false) @Nullable Revoke body) {
        devices.revokeOwn(id, body == null ? null : body.reason());
        return ApiDevice.of(devices.myDevice(id));
    }

    /** The WireGuard config as a file, with a marked placeholder where the private key goes. */
    @GetMapping("/{id}/config")
    ResponseEntity<byte[]> config(@PathVariable long id) {
        var config = devices.config(id);
        var text = config.text();
        if (text == null) {
            throw new ConflictException(
                    Objects.requireNonNullElse(config.unavailableReason(), "This config is not available"));
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(config.fileName())
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(text.getBytes(StandardCharsets.UTF_8));
    }
}
