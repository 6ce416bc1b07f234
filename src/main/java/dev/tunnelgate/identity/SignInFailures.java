package dev.tunnelgate.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins by the code the error page shows: one of a fixed few, whatever the IdP or a forged callback
 * sends ({@link LoginErrorController#safeCode}), so no outside text becomes a label.
 */
@Component
class SignInFailures {
    private final Map<String, Counter> counters = new HashMap<>();

    SignInFailures(MeterRegistry registry) {
        for (var code : LoginErrorController.CODES) {
            counters.put(
                    code,
                    Counter.builder("tunnelgate.sign.in.failures")
                            .description("Sign-ins that failed, by the reason the error page names")
                            .tag("reason", code)
                            .register(registry));
        }
    }

    void failed(String code) {
        Objects.requireNonNull(counters.get(LoginErrorController.safeCode(code)))
                .increment();
    }
}
