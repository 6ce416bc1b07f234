package dev.tunnelgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.jobs.DeliveryProgress.Pending;
import dev.tunnelgate.jobs.DeliveryProgress.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayJobTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void a_waiting_job_takes_higher_revisions_and_keeps_its_target_when_a_lower_one_comes() {
        var job = new GatewayJob(7, "edge", 41, NOW);
        job.raiseTarget(43, "edge", NOW);
        job.raiseTarget(42, "edge-renamed", NOW);
        assertThat(job.targetRevision()).isEqualTo(43);
        assertThat(job.groupName()).isEqualTo("edge-renamed");
    }

    @Test
    void a_running_job_keeps_its_target() {
        var job = new GatewayJob(7, "edge", 41, NOW);
        job.start(NOW);
        assertThatThrownBy(() -> job.raiseTarget(42, "edge", NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(job.targetRevision()).isEqualTo(41);
    }

    @Test
    void attempts_count_up_and_an_admins_retry_starts_them_again() {
        var job = new GatewayJob(7, "edge", 41, NOW);
        job.start(NOW);
        job.retryLater("waiting for gw-b", NOW);
        job.start(NOW);
        assertThat(job.attempts()).isEqualTo(2);
        assertThatThrownBy(() -> job.requeue(NOW)).isInstanceOf(IllegalStateException.class);
        job.fail("waiting for gw-b", NOW);
        job.requeue(NOW);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.attempts()).isZero();
        assertThat(job.lastError()).isEqualTo("waiting for gw-b");
    }

    @Test
    void an_attempt_cut_short_by_a_shutdown_does_not_count() {
        var job = new GatewayJob(7, "edge", 41, NOW);
        job.start(NOW);
        job.abandonAttempt("interrupted", NOW);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.attempts()).isZero();
    }

    @Test
    void a_finished_job_takes_no_more_attempts() {
        var job = new GatewayJob(7, "edge", 41, NOW);
        job.start(NOW);
        job.complete(new Progress(2, 2, List.of()), NOW);
        assertThat(job.isOpen()).isFalse();
        assertThatThrownBy(() -> job.start(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> job.fail("late", NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_last_error_is_one_line_and_fits_its_column() {
        var job = new GatewayJob(7, "edge", 41, NOW);
        job.start(NOW);
        job.fail("first line\nsecond line " + "x".repeat(1000), NOW);
        assertThat(job.lastError())
                .doesNotContain("\n")
                .hasSize(GatewayJob.LAST_ERROR_MAX)
                .endsWith("…");
    }

    @Test
    void the_waiting_message_names_each_member_with_the_revision_it_applied() {
        var progress = new Progress(1, 3, List.of(new Pending("gw-b", 41), new Pending("gw-c\u202e", 0)));
        assertThat(JobRunner.waitingFor(progress, 42))
                .isEqualTo("waiting for gw-b (applied 41 of 42), gw-c? (applied none of 42)");
        assertThat(JobRunner.waitingFor(new Progress(1, 3, List.of()), 42))
                .isEqualTo("waiting for 2 of 3 members to apply 42");
    }

    @Test
    void progress_cannot_claim_more_acknowledgements_than_members() {
        assertThatThrownBy(() -> new Progress(3, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Progress.noMembers().complete()).isTrue();
        assertThat(new Progress(1, 2, List.of()).complete()).isFalse();
    }

    @Test
    void retries_wait_longer_each_time_up_to_an_hour() {
        var settings = new JobSettings(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(5), 2, 8);
        assertThat(settings.retryDelayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retryDelayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryDelayAfter(7)).isEqualTo(Duration.ofSeconds(320));
        assertThat(settings.retryDelayAfter(40)).isEqualTo(JobSettings.MAX_RETRY_DELAY);
    }
}
