package dev.tunnelgate.gateways.agentapi;

import org.springframework.http.HttpStatus;

/** A status report that was refused as a whole; nothing of it was stored. */
class ReportRejectedException extends RuntimeException {
    private final HttpStatus status;

    ReportRejectedException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
