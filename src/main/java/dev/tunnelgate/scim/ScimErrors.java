package dev.tunnelgate.scim;

import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/**
 * Every error of a SCIM controller as a SCIM error body (RFC 7644 section 3.12): refused input 400 with its
 * {@code scimType}, a clash with what is stored 409 {@code uniqueness}, not found 404. Unexpected errors are 500 with
 * no detail beyond "internal error", and are logged.
 */
@RestControllerAdvice(annotations = ScimEndpoint.class)
@Order(0)
class ScimErrors {
    private static final Logger log = LoggerFactory.getLogger(ScimErrors.class);

    @ExceptionHandler(ScimRefusal.class)
    ResponseEntity<String> refused(ScimRefusal e) {
        return ScimJson.errorResponse(e.status(), e.scimType(), text(e));
    }

    /** The SCIM library reads PATCH requests into its own types: an unknown op or a wrong shape ends here. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<String> unreadable(JacksonException e) {
        return ScimJson.errorResponse(400, "invalidSyntax", "The request body does not have the expected shape");
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<String> conflict(ConflictException e) {
        return ScimJson.errorResponse(409, "uniqueness", text(e));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<String> invalid(InvalidInputException e) {
        return ScimJson.errorResponse(400, "invalidValue", text(e));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return ScimJson.errorResponse(404, null, "No such resource");
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<String> concurrent(ObjectOptimisticLockingFailureException e) {
        return ScimJson.errorResponse(409, null, "The resource changed at the same moment; send the request again");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<String> forbidden(AccessDeniedException e) {
        return ScimJson.errorResponse(403, null, "Not allowed");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
        return ScimJson.errorResponse(405, null, "This path does not take " + e.getMethod());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<String> parameter(MissingServletRequestParameterException e) {
        return ScimJson.errorResponse(400, "invalidValue", "Parameter " + e.getParameterName() + " is required");
    }

    @ExceptionHandler(IOException.class)
    ResponseEntity<String> io(IOException e) {
        return ScimJson.errorResponse(400, "invalidSyntax", "The request body could not be read");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        log.error("SCIM request failed", e);
        return ScimJson.errorResponse(500, null, "internal error");
    }

    private static String text(Exception e) {
        var message = e.getMessage();
        return message == null ? "" : message;
    }
}
