package dev.tunnelgate.audit;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log for admins and auditors, newest first, with the Audit view's filters: part of the actor, the exact
 * target, the exact action. A page at a time, or all of it as NDJSON, one event per line, read and written a page at
 * a time so that a long log takes no more memory than a page.
 */
@ApiEndpoint
@RestController
class AuditApi {
    static final String PATH = ApiSecurity.PATH + "/audit";
    static final String NDJSON = "application/x-ndjson";
    /** Events per query of an export. */
    static final int EXPORT_PAGE = 500;

    private final AuditLog audit;
    private final JsonMapper json;

    AuditApi(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** One event as the API shows it. */
    record Event(long id, Instant occurredAt, String actor, String action, String target, String details) {
        static Event of(AuditEvent event) {
            return new Event(
                    event.id(), event.occurredAt(), event.actor(), event.action(), event.target(), event.details());
        }
    }

    @GetMapping(PATH)
    ApiPage<Event> search(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String target,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(audit.search(filter(actor, target, action), ApiPaging.of(page, size))
                .map(Event::of));
    }

    /**
     * Every matching event, newest first, one JSON object per line. The first page is read before anything is written,
     * so a refusal is still a problem response; each further page is read in a transaction of its own.
     */
    @GetMapping(PATH + "/export")
    void export(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String target,
            @RequestParam(required = false) @Nullable String action,
            HttpServletResponse response)
            throws IOException {
        var filter = filter(actor, target, action);
        List<AuditEvent> page = audit.searchAfter(filter, null, EXPORT_PAGE);
        response.setContentType(NDJSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("audit.ndjson").build().toString());
        var out = response.getOutputStream();
        while (!page.isEmpty()) {
            for (var event : page) {
                out.write(json.writeValueAsBytes(Event.of(event)));
                out.write('\n');
            }
            out.flush();
            if (page.size() < EXPORT_PAGE) {
                break;
            }
            page = audit.searchAfter(filter, page.getLast(), EXPORT_PAGE);
        }
    }

    private static AuditFilter filter(@Nullable String actor, @Nullable String target, @Nullable String action) {
        return new AuditFilter(actor == null ? "" : actor, target == null ? "" : target, action == null ? "" : action);
    }
}
