package dev.tunnelgate.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details as the API writes them: a stable {@code type} per kind of problem, never a stack trace. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** A problem of this kind ({@code urn:tunnelgate:problem:<kind>}), status and detail. */
    public static ProblemDetail of(HttpStatus status, String kind, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:tunnelgate:problem:" + kind));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** As {@link #of}, naming the request field that was wrong (a JSON property, a query or path parameter). */
    public static ProblemDetail of(HttpStatus status, String kind, String detail, @Nullable String field) {
        var problem = of(status, kind, detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /** Writes a problem from a filter, where no message converter runs. Detail texts here are fixed, not input. */
    static void write(HttpServletResponse response, HttpStatus status, String kind, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"urn:tunnelgate:problem:%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                        .formatted(kind, status.getReasonPhrase(), status.value(), detail));
    }
}
