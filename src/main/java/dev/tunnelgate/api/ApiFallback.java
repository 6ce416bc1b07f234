package dev.tunnelgate.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What the API answers for a path it does not have (404), or a method a path does not take (405 with Allow), as
 * problem details: without it the portal's catch-all route would answer with an HTML page.
 */
@ApiEndpoint
@RestController
@Hidden
class ApiFallback {
    private final RequestMappingHandlerMapping mappings;

    ApiFallback(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @RequestMapping({ApiSecurity.PATH, ApiSecurity.PATH + "/**"})
    ResponseEntity<ProblemDetail> none(HttpServletRequest request) {
        var allowed = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType() != ApiFallback.class && matchesPath(info, request)) {
                info.getMethodsCondition().getMethods().forEach(m -> allowed.add(m.name()));
            }
        });
        if (allowed.isEmpty()) {
            var problem = Problems.of(HttpStatus.NOT_FOUND, "no-such-endpoint", "The API has no such path");
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .header(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .body(problem);
        }
        var problem = Problems.of(
                HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "This path takes " + String.join(", ", allowed));
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, allowed.stream().collect(Collectors.joining(", ")))
                .header(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .body(problem);
    }

    private static boolean matchesPath(RequestMappingInfo info, HttpServletRequest request) {
        var paths = info.getPathPatternsCondition();
        return paths != null && paths.getMatchingCondition(request) != null;
    }
}
