package dev.tunnelgate.devices;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Re-download of one's own device config (private key as a marked placeholder); the service checks ownership. */
@RestController
class DeviceConfigController {
    private final DeviceService devices;
    private final KeyRotation rotation;

    DeviceConfigController(DeviceService devices, KeyRotation rotation) {
        this.devices = devices;
        this.rotation = rotation;
    }

    @GetMapping("/devices/{id}/config")
    ResponseEntity<byte[]> config(@PathVariable long id) {
        return download(devices.config(id));
    }

    /** The new key's config while the device replaces its key. */
    @GetMapping("/devices/{id}/next-config")
    ResponseEntity<byte[]> nextConfig(@PathVariable long id) {
        return download(rotation.nextConfig(id));
    }

    private static ResponseEntity<byte[]> download(DeviceConfig config) {
        if (config.text() == null) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .cacheControl(CacheControl.noStore())
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(bytes(
                            Objects.requireNonNullElse(config.unavailableReason(), "This config is not available")));
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
                .contentType(MediaType.parseMediaType("text/plain;charset=UTF-8"))
                .body(bytes(config.text()));
    }

    @ExceptionHandler(DeviceNotFoundException.class)
    ResponseEntity<String> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .cacheControl(CacheControl.noStore())
                .body("No such device");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
