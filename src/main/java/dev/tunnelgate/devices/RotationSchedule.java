package dev.tunnelgate.devices;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ends the key rotations whose overlap window is over, every minute. A db-scheduler recurring task: with several
 * portals on one database, one of them runs each execution.
 */
@Configuration(proxyBeanMethods = false)
class RotationSchedule {
    static final String COMPLETE_ROTATIONS = "complete-key-rotations";

    @Bean
    RecurringTask<Void> completeKeyRotations(RotationCompletion completion, Clock clock) {
        return Tasks.recurring(COMPLETE_ROTATIONS, FixedDelay.ofMinutes(1))
                .execute((instance, context) -> completion.completeExpiredRotations(clock.instant()));
    }
}
