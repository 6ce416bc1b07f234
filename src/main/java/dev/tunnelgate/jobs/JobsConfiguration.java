package dev.tunnelgate.jobs;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobSettings.class)
class JobsConfiguration {
    /** One execution per open job; its instance id is the job's id. */
    static final TaskDescriptor<Void> DELIVER_REVISION = TaskDescriptor.of("deliver-revision");

    @Bean
    OneTimeTask<Void> deliverRevision(JobRunner runner) {
        return Tasks.oneTime(DELIVER_REVISION)
                .onFailure(runner::attemptFailed)
                .execute((instance, context) -> runner.attempt(JobRunner.jobId(instance.getId()), context));
    }
}
