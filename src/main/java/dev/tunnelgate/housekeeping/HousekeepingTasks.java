package dev.tunnelgate.housekeeping;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recurring tasks, run by db-scheduler: with several portals on one database, each run happens on one of them.
 * The work is looked up when a run starts: the scheduler is built from these tasks, and the work needs services
 * (the job queue) that need the scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HousekeepingSettings.class)
class HousekeepingTasks {
    @Bean
    RecurringTask<Void> deviceLifecycleTask(
            ObjectProvider<Housekeeping> housekeeping, HousekeepingSettings settings, Clock clock) {
        return Tasks.recurring("device-lifecycle", FixedDelay.of(settings.lifecycleInterval()))
                .execute((instance, context) -> housekeeping.getObject().applyLifecycle(clock.instant()));
    }

    @Bean
    RecurringTask<Void> pruningTask(
            ObjectProvider<Housekeeping> housekeeping, HousekeepingSettings settings, Clock clock) {
        return Tasks.recurring("housekeeping-prune", FixedDelay.of(settings.pruneInterval()))
                .execute((instance, context) -> housekeeping.getObject().prune(clock.instant()));
    }
}
