package dev.tunnelgate.gateways;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a shutdown: {@code /readyz} answers 503 and, for {@code tunnelgate.shutdown.unready-delay}, the
 * portal keeps serving as before, so that a load balancer checking readiness takes the instance out of rotation
 * before {@link RevisionWatcher} (the next phase down) tells every waiting agent to ask again. Without the pause the
 * agents would reconnect through the load balancer to this same instance, which is about to close its port.
 */
@Component
class UnreadyBeforeShutdown implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(UnreadyBeforeShutdown.class);

    private final ApplicationEventPublisher events;
    private final Duration delay;
    private volatile boolean running;

    UnreadyBeforeShutdown(
            ApplicationEventPublisher events, @Value("${tunnelgate.shutdown.unready-delay:1s}") Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException(
                    "tunnelgate.shutdown.unready-delay must not be negative, but is " + delay);
        }
        this.events = events;
        this.delay = delay;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // Spring Boot publishes this too as the context starts to close; published here as well so the order does not
        // rest on that: readiness is refused before the pause, whoever closes the context.
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        if (delay.isZero()) {
            return;
        }
        log.info("Refusing readiness for {} ms before waiting agents are let go", delay.toMillis());
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getPhase() {
        return RevisionWatcher.PHASE + 1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
