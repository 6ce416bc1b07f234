package dev.tunnelgate.api;

import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.Order;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Every error of an {@link ApiEndpoint} as a problem detail: refused input 400 naming the field, a conflict with
 * what is stored 409, not found (including another user's object) 404, a missing role 403, a stale If-Match 412,
 * a missing one 428. Unexpected errors are 500 with no detail beyond "internal error", and are logged.
 */
@RestControllerAdvice(annotations = ApiEndpoint.class)
@Order(0)
class ApiProblems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return problem(Problems.of(HttpStatus.CONFLICT, "conflict", text(e), fieldOf(e)));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        return problem(Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", text(e), fieldOf(e)));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return problem(Problems.of(HttpStatus.NOT_FOUND, "not-found", text(e)));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
        return problem(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Your roles do not allow this request"));
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ProblemDetail> stale(PreconditionFailedException e) {
        return problem(Problems.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed", text(e)));
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ResponseEntity<ProblemDetail> unconditional(PreconditionRequiredException e) {
        return problem(Problems.of(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", text(e)));
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrent(ObjectOptimisticLockingFailureException e) {
        return problem(Problems.of(
                HttpStatus.CONFLICT, "concurrent-change", "Someone changed this at the same moment; read it again"));
    }

    /**
     * A row lock not had within the lock timeout, or a deadlock the database broke: nothing was changed, and the same
     * request will very likely succeed a moment later. Said so (503 with Retry-After) rather than as an internal error.
     */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> busy(PessimisticLockingFailureException e) {
        log.info("API request met a lock it could not have: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "busy",
                        "Others are changing the same objects right now; nothing was changed, try again in a moment"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("API request failed", e);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "internal error"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Wrong types, unknown properties, malformed JSON: name the property, never echo the value.
        String field = null;
        String detail = "The request body is not valid JSON for this request";
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException databind
                    && !databind.getPath().isEmpty()) {
                field = databind.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                        .replace(".[", "[");
                detail = cause.getClass().getSimpleName().startsWith("UnrecognizedProperty")
                        ? "Unknown property " + field
                        : "Property " + field + " has the wrong type or format";
                break;
            }
        }
        return body(Problems.of(HttpStatus.BAD_REQUEST, "unreadable-body", detail, field));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return body(Problems.of(
                HttpStatus.BAD_REQUEST, "invalid-input", "Parameter " + field + " has the wrong type", field));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return body(Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "Parameter " + e.getParameterName() + " is required",
                e.getParameterName()));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && "about:blank".equals(String.valueOf(problem.getType()))) {
            problem.setType(java.net.URI.create("urn:tunnelgate:problem:http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** The refused field as the API names it (the JSON property), or its label when the refusal knows no key. */
    static @Nullable String fieldOf(InvalidInputException e) {
        FieldKey key = e.field();
        return key != null ? key.apiName() : e.fieldLabel();
    }

    private static String text(Exception e) {
        var message = e.getMessage();
        return message == null ? "" : message;
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .header(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .body(problem);
    }

    private static ResponseEntity<Object> body(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .header(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .body(problem);
    }
}
