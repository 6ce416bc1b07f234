package dev.tunnelgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class ApiProblemsTest {
    private final ApiProblems problems = new ApiProblems();

    @Test
    void a_lock_not_had_or_a_broken_deadlock_is_a_busy_problem_to_retry_not_an_internal_error() {
        for (var e : new org.springframework.dao.PessimisticLockingFailureException[] {
            new CannotAcquireLockException("lock timeout"), new DeadlockLoserDataAccessException("deadlock", null)
        }) {
            var answer = problems.busy(e);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo(Problems.MEDIA_TYPE);
            assertThat(String.valueOf(answer.getBody().getType())).isEqualTo("urn:tunnelgate:problem:busy");
            assertThat(answer.getBody().getDetail()).contains("nothing was changed");
        }
    }
}
