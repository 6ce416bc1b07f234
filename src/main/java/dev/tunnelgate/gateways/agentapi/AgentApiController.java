package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.gateways.DesiredState;
import dev.tunnelgate.gateways.GatewayMembers;
import dev.tunnelgate.gateways.RevisionWatcher;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The agent API: a long-poll for the group's desired state and the status report. The credential decides the
 * group; no parameter can name another one.
 */
@RestController
class AgentApiController {
    static final int MAX_WAIT_SECONDS = 30;
    /** Room for the statistics of 100,000 peers. */
    static final int MAX_REPORT_BYTES = 16 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(AgentApiController.class);
    private static final MediaType TEXT = MediaType.parseMediaType(AgentWire.MEDIA_TYPE);

    private final DesiredState desiredState;
    private final RevisionWatcher watcher;
    private final StatusReports reports;
    private final GatewayMembers memberContacts;
    private final SecurityContextHolderStrategy contexts;
    private final ExecutorService responders = Executors.newVirtualThreadPerTaskExecutor();

    AgentApiController(DesiredState desiredState, RevisionWatcher watcher, StatusReports reports, GatewayMembers memberContacts,
            SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
        this.desiredState = desiredState;
        this.watcher = watcher;
        this.reports = reports;
        this.memberContacts = memberContacts;
    }

    @GetMapping(AgentApiSecurity.PATH + "/state")
    DeferredResult<ResponseEntity<String>> state(@AuthenticationPrincipal AgentPrincipal agent,
            @RequestParam(defaultValue = "0") String since, @RequestParam(defaultValue = "25") String wait,
            @RequestParam(defaultValue = "false") String snapshot) {
        long from = number(since, "since", Long.MAX_VALUE);
        long waitSeconds = number(wait, "wait", MAX_WAIT_SECONDS);
        if (!snapshot.equals("true") && !snapshot.equals("false")) {
            throw new ReportRejectedException(HttpStatus.BAD_REQUEST, "snapshot must be true or false");
        }
        memberContacts.contacted(agent.memberId());
        var result = new DeferredResult<ResponseEntity<String>>(Duration.ofSeconds(waitSeconds + 5).toMillis());
        var now = desiredState.since(agent.groupId(), from, snapshot.equals("true"));
        if (now.isPresent() || waitSeconds == 0) {
            result.setResult(respond(now));
            return result;
        }
        // Woken from whichever thread committed the change; answer on our own thread, as this agent.
        var answer = new DelegatingSecurityContextRunnable(() -> {
            try {
                if (!memberContacts.active(agent.memberId())) {
                    result.setResult(ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(TEXT).body("member revoked\n"));
                    return;
                }
                result.setResult(respond(desiredState.since(agent.groupId(), from, false)));
            } catch (RuntimeException e) {
                log.warn("Answering gateway member {} failed: {}", agent.memberId(), e.toString());
                result.setErrorResult(e);
            }
        }, agentContext());
        answer.setSecurityContextHolderStrategy(contexts);
        var waiter = watcher.await(agent.groupId(), from, revision -> responders.execute(answer));
        // Nothing changed within the wait: 204, and the agent asks again.
        var timer = responders.submit(() -> {
            Thread.sleep(Duration.ofSeconds(waitSeconds));
            watcher.cancel(waiter);
            result.setResult(ResponseEntity.noContent().build());
            return null;
        });
        result.onCompletion(() -> {
            watcher.cancel(waiter);
            timer.cancel(true);
        });
        result.onTimeout(() -> watcher.cancel(waiter));
        result.onError(error -> watcher.cancel(waiter));
        return result;
    }

    @PostMapping(AgentApiSecurity.PATH + "/status")
    ResponseEntity<String> status(@AuthenticationPrincipal AgentPrincipal agent, HttpServletRequest request) throws IOException {
        try {
            if (request.getContentLengthLong() > MAX_REPORT_BYTES) {
                throw new ReportRejectedException(HttpStatus.CONTENT_TOO_LARGE, "a report may have at most " + MAX_REPORT_BYTES + " bytes");
            }
            var report = AgentWire.decodeStatus(body(request.getInputStream()));
            reports.accept(agent, report);
        } catch (ReportRejectedException e) {
            if (e.status() != HttpStatus.UNAUTHORIZED) {
                reports.refused(agent, e.getMessage());
            }
            throw e;
        } catch (IllegalArgumentException e) {
            reports.refused(agent, "invalid report: " + e.getMessage());
            throw e;
        }
        return ResponseEntity.noContent().build();
    }

    /** A copy: the request's own context object is cleared when the request thread lets go of it. */
    private SecurityContext agentContext() {
        var context = contexts.createEmptyContext();
        context.setAuthentication(contexts.getContext().getAuthentication());
        return context;
    }

    private static ResponseEntity<String> respond(Optional<GatewayState> state) {
        return state.map(s -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(TEXT).body(AgentWire.encode(s)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    private static String body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_REPORT_BYTES + 1);
        if (bytes.length > MAX_REPORT_BYTES) {
            throw new ReportRejectedException(HttpStatus.CONTENT_TOO_LARGE, "a report may have at most " + MAX_REPORT_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ReportRejectedException(HttpStatus.BAD_REQUEST, "the report is not UTF-8");
        }
    }

    private static long number(String text, String name, long max) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ReportRejectedException(HttpStatus.BAD_REQUEST, name + " must be a non-negative whole number");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value > max || (value == Long.MAX_VALUE && !text.equals(Long.toString(Long.MAX_VALUE)))) {
            throw new ReportRejectedException(HttpStatus.BAD_REQUEST, name + " must be at most " + max);
        }
        return value;
    }

    @ExceptionHandler(ReportRejectedException.class)
    ResponseEntity<String> rejected(ReportRejectedException e) {
        log.info("Refused an agent request: {}", e.getMessage());
        return ResponseEntity.status(e.status()).contentType(TEXT).body(e.getMessage() + "\n");
    }

    /** A report raced an admin change of the same member (rotation, revocation): the agent sends it again. */
    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<String> conflict(ObjectOptimisticLockingFailureException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(TEXT).body("concurrent change, send again\n");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> invalid(IllegalArgumentException e) {
        log.info("Refused an invalid agent report: {}", e.getMessage());
        return ResponseEntity.badRequest().contentType(TEXT).body("invalid report: " + e.getMessage() + "\n");
    }
}
