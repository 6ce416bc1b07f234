package dev.tunnelgate.jobs;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface GatewayJobRepository extends JpaRepository<GatewayJob, Long> {
    /**
     * Locked, so staging, an attempt's start and its end take turns on a job: a revision cannot
     * join a job that has just started with the old target.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from GatewayJob j where j.id = :id")
    Optional<GatewayJob> findForUpdate(long id);

    /** A group's jobs of one status, locked; a waiting row that another transaction just started is skipped. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from GatewayJob j where j.groupId = :groupId and j.status = :status order by j.id")
    List<GatewayJob> findForUpdate(long groupId, JobStatus status);

    Slice<GatewayJob> findAllByOrderByCreatedAtDescIdDesc(Pageable pageable);

    Slice<GatewayJob> findByStatusOrderByCreatedAtDescIdDesc(JobStatus status, Pageable pageable);

    @Query("select j.status, count(j) from GatewayJob j group by j.status")
    List<Object[]> countByStatus();

    /** Removes finished jobs (done or failed) that finished before {@code before}; open jobs are never touched. */
    @Modifying
    @Query("delete from GatewayJob j where j.status in :finished and j.finishedAt < :before")
    int deleteFinishedBefore(@Param("finished") Collection<JobStatus> finished, @Param("before") Instant before);
}
