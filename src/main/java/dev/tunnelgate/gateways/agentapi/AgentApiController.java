package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.gateways.DesiredState;
import dev.tunnelgate.gateways.GatewayMembers;
import dev.tunnelgate.gateways.RevisionWatcher;
import dev.tunnelgate.gateways.agentapi.ReportRefusedException.Reason;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.propertyeditors.CustomBooleanEditor;
import org.springframework.beans.propertyeditors.CustomNumberEditor;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The agent API: a long-poll for the group's desired state, the status report, and where the group's peers were last
 * seen. The credential decides the
 * group; no parameter can name another one.
 */
@RestController
class AgentApiController {
    static final int MAX_WAIT_SECONDS = 30;
    /** Room for the statistics of 100,000 peers. */
    static final int MAX_REPORT_BYTES = 16 * 1024 * 1024;

    static final String SHUTTING_DOWN = "the portal is shutting down\n";

    private static final String WHOLE_NUMBER = "must be a non-negative whole number";
    private static final Logger log = LoggerFactory.getLogger(AgentApiController.class);
    private static final MediaType TEXT = MediaType.parseMediaType(AgentWire.MEDIA_TYPE);

    private final DesiredState desiredState;
    private final RevisionWatcher watcher;
    private final StatusReports reports;
    private final KnownEndpoints knownEndpoints;
    private final GatewayMembers memberContacts;
    private final SecurityContextHolderStrategy contexts;
    private final Executor responders;

    AgentApiController(
            DesiredState desiredState,
            RevisionWatcher watcher,
            StatusReports reports,
            KnownEndpoints knownEndpoints,
            GatewayMembers memberContacts,
            SecurityContextHolderStrategy contexts,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor responders) {
        this.contexts = contexts;
        this.responders = responders;
        this.desiredState = desiredState;
        this.watcher = watcher;
        this.reports = reports;
        this.knownEndpoints = knownEndpoints;
        this.memberContacts = memberContacts;
    }

    /**
     * A repeated parameter ({@code since=1&since=2}) reaches these editors as "1,2" and is refused; the default
     * conversion would quietly take its first value.
     */
    @InitBinder
    void singleValues(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new CustomNumberEditor(Long.class, false));
        binder.registerCustomEditor(int.class, new CustomNumberEditor(Integer.class, false));
        binder.registerCustomEditor(boolean.class, new CustomBooleanEditor(false));
    }

    @GetMapping(AgentApiSecurity.PATH + "/state")
    DeferredResult<ResponseEntity<String>> state(
            @AuthenticationPrincipal AgentPrincipal agent,
            @RequestParam(defaultValue = "0") @PositiveOrZero(message = WHOLE_NUMBER) long since,
            @RequestParam(defaultValue = "25")
                    @PositiveOrZero(message = WHOLE_NUMBER)
                    @Max(value = MAX_WAIT_SECONDS, message = "must be at most {value}")
                    int wait,
            @RequestParam(defaultValue = "false") boolean snapshot,
            @RequestParam(defaultValue = "false") boolean dns) {
        memberContacts.contacted(agent.memberId());
        // Nothing changed within the wait: 204, and the agent asks again.
        var result = new DeferredResult<ResponseEntity<String>>(
                Duration.ofSeconds(wait).toMillis(),
                () -> ResponseEntity.noContent().build());
        var now = desiredState.since(agent.groupId(), since, snapshot);
        if (now.isPresent() || wait == 0) {
            result.setResult(respond(now, dns));
            return result;
        }
        // Woken from whichever thread committed the change; answered on Spring's task executor, as this agent.
        var answer = new DelegatingSecurityContextRunnable(
                () -> {
                    try {
                        if (!memberContacts.active(agent.memberId())) {
                            result.setResult(ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                                    .contentType(TEXT)
                                    .body("member revoked\n"));
                            return;
                        }
                        result.setResult(respond(desiredState.since(agent.groupId(), since, false), dns));
                    } catch (RuntimeException e) {
                        log.warn("Answering gateway member {} failed: {}", agent.memberId(), e.toString());
                        result.setErrorResult(e);
                    }
                },
                agentContext());
        answer.setSecurityContextHolderStrategy(contexts);
        // A stopping portal answers like a proxy in front of an absent one (503): agents ask again within a second,
        // of whichever portal answers then, instead of holding the shutdown for the rest of their wait.
        var waiter = watcher.await(
                agent.groupId(),
                since,
                revision -> responders.execute(answer),
                () -> result.setResult(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, "1")
                        .contentType(TEXT)
                        .body(SHUTTING_DOWN)));
        result.onCompletion(() -> watcher.cancel(waiter));
        return result;
    }

    @PostMapping(AgentApiSecurity.PATH + "/status")
    ResponseEntity<String> status(@AuthenticationPrincipal AgentPrincipal agent, HttpServletRequest request)
            throws IOException {
        try {
            if (request.getContentLengthLong() > MAX_REPORT_BYTES) {
                throw new ReportRefusedException(
                        Reason.TOO_LARGE, "a report may have at most " + MAX_REPORT_BYTES + " bytes");
            }
            var report = AgentWire.decodeStatus(body(request.getInputStream()));
            reports.accept(agent, report);
        } catch (IllegalArgumentException e) {
            reports.refused(agent, "invalid report: " + e.getMessage());
            throw new ReportRefusedException(Reason.MALFORMED, "invalid report: " + e.getMessage());
        } catch (ReportRefusedException e) {
            if (e.reason() != Reason.MEMBER_REVOKED) {
                reports.refused(agent, e.getMessage());
            }
            throw e;
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * Where the group's peers were last seen, for a member taking the group's endpoint address over. Takes no
     * parameter: one that names anything (a group, a member) is refused rather than quietly ignored.
     */
    @GetMapping(AgentApiSecurity.PATH + "/endpoints")
    ResponseEntity<String> endpoints(@AuthenticationPrincipal AgentPrincipal agent, HttpServletRequest request) {
        if (!request.getParameterMap().isEmpty()) {
            throw new BadParameterException("endpoints takes no parameters");
        }
        memberContacts.contacted(agent.memberId());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(TEXT)
                .body(AgentWire.encodeEndpoints(knownEndpoints.of(agent)));
    }

    /** A copy: the request's own context object is cleared when the request thread lets go of it. */
    private SecurityContext agentContext() {
        var context = contexts.createEmptyContext();
        context.setAuthentication(contexts.getContext().getAuthentication());
        return context;
    }

    /**
     * The state as this agent reads it: the DNS servers only for one that asked ({@code dns=true}); an older agent
     * refuses a record it does not know.
     */
    private static ResponseEntity<String> respond(Optional<GatewayState> state, boolean dns) {
        return state.map(
                        s -> dns ? s : s.withInterfaceConfig(s.interfaceConfig().withoutDnsServers()))
                .map(s -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(TEXT)
                        .body(AgentWire.encode(s)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    private static String body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_REPORT_BYTES + 1);
        if (bytes.length > MAX_REPORT_BYTES) {
            throw new ReportRefusedException(
                    Reason.TOO_LARGE, "a report may have at most " + MAX_REPORT_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ReportRefusedException(Reason.MALFORMED, "the report is not UTF-8");
        }
    }
}
