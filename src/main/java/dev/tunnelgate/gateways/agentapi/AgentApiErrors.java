package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.protocol.AgentWire;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** How the agent API answers what it refuses: a status and one line of plain text saying why. */
@RestControllerAdvice(assignableTypes = AgentApiController.class)
class AgentApiErrors {
    private static final Logger log = LoggerFactory.getLogger(AgentApiErrors.class);
    private static final MediaType TEXT = MediaType.parseMediaType(AgentWire.MEDIA_TYPE);

    private final AgentApiMetrics metrics;

    AgentApiErrors(AgentApiMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(ReportRefusedException.class)
    ResponseEntity<String> refused(ReportRefusedException e) {
        log.info("Refused an agent request: {}", e.getMessage());
        metrics.refused(e.reason());
        var status = switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case CONTRADICTS_GROUP -> HttpStatus.UNPROCESSABLE_CONTENT;
            case REVISION_WENT_BACK -> HttpStatus.CONFLICT;
            case MEMBER_REVOKED -> HttpStatus.UNAUTHORIZED;
        };
        return text(status, e.getMessage());
    }

    /** A report raced an admin change of the same member (rotation, revocation): the agent sends it again. */
    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<String> conflict(ObjectOptimisticLockingFailureException e) {
        return text(HttpStatus.SERVICE_UNAVAILABLE, "concurrent change, send again");
    }

    /** A query parameter that is no number (or no boolean) at all; the value is not echoed. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> mismatch(MethodArgumentTypeMismatchException e) {
        var expected = e.getRequiredType() == boolean.class ? "true or false" : "a non-negative whole number";
        return badParameter(e.getName() + " must be " + expected);
    }

    /** A query parameter out of its range. */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<String> outOfRange(HandlerMethodValidationException e) {
        return badParameter(e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
                .collect(Collectors.joining("; ")));
    }

    @ExceptionHandler(BadParameterException.class)
    ResponseEntity<String> unexpected(BadParameterException e) {
        return badParameter(e.getMessage());
    }

    private ResponseEntity<String> badParameter(String message) {
        metrics.refused(AgentApiMetrics.BAD_PARAMETER);
        log.info("Refused an agent request: {}", message);
        return text(HttpStatus.BAD_REQUEST, message);
    }

    private static ResponseEntity<String> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(TEXT).body(message + "\n");
    }
}
