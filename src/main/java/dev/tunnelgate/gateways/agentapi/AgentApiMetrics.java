package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.gateways.agentapi.ReportRefusedException.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Agent API requests per endpoint and refusals per reason. Every label value is one of a fixed few (an unknown path is
 * {@code other}), registered up front so a dashboard sees zeros rather than no series.
 */
@Component
class AgentApiMetrics {
    static final String CREDENTIAL = "credential";
    static final String BAD_PARAMETER = "bad_parameter";
    private static final String OTHER = "other";

    private final Map<String, Counter> requests = new HashMap<>();
    private final Map<String, Counter> refusals = new HashMap<>();

    AgentApiMetrics(MeterRegistry registry) {
        for (var endpoint : new String[] {"state", "status", "endpoints", OTHER}) {
            requests.put(
                    endpoint,
                    Counter.builder("tunnelgate.agent.api.requests")
                            .description("Requests to the agent API, before their credential is checked")
                            .tag("endpoint", endpoint)
                            .register(registry));
        }
        var reasons = new ArrayList<String>();
        reasons.add(CREDENTIAL);
        reasons.add(BAD_PARAMETER);
        for (var reason : Reason.values()) {
            reasons.add(reason.name().toLowerCase(Locale.ROOT));
        }
        for (var reason : reasons) {
            refusals.put(
                    reason,
                    Counter.builder("tunnelgate.agent.api.refusals")
                            .description("Agent API requests refused: a bad credential, a bad parameter, or a report")
                            .tag("reason", reason)
                            .register(registry));
        }
    }

    /** A request to {@code path} (the part after the API's base path, e.g. {@code /state}). */
    void request(String path) {
        var endpoint = switch (path) {
            case "/state" -> "state";
            case "/status" -> "status";
            case "/endpoints" -> "endpoints";
            default -> OTHER;
        };
        Objects.requireNonNull(requests.get(endpoint)).increment();
    }

    void refused(String reason) {
        Objects.requireNonNull(refusals.get(reason), reason).increment();
    }

    void refused(Reason reason) {
        refused(reason.name().toLowerCase(Locale.ROOT));
    }
}
