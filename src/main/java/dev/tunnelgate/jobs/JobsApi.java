package dev.tunnelgate.jobs;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The job queue for admins: jobs newest first (all, or of one status), and retrying a failed one. */
@ApiEndpoint
@RestController
class JobsApi {
    private final JobService jobs;

    JobsApi(JobService jobs) {
        this.jobs = jobs;
    }

    /** The job that carries a retried job's target: the job itself, or a waiting job of its group that took it over. */
    record Retried(long jobId) {}

    @GetMapping(ApiSecurity.PATH + "/jobs")
    ApiPage<JobRow> list(
            @RequestParam(required = false) @Nullable JobStatus status,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(jobs.list(status, ApiPaging.of(page, size)));
    }

    @PostMapping(ApiSecurity.PATH + "/jobs/{id}/retry")
    Retried retry(@PathVariable long id) {
        return new Retried(jobs.retry(id));
    }
}
