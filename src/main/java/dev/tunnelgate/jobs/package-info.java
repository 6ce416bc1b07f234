/**
 * The durable job queue that watches gateway groups catch up with their desired-state revision:
 * jobs are staged in the business transaction, run by db-scheduler, retried with backoff and shown
 * to admins in the Jobs view.
 */
@NullMarked
package dev.tunnelgate.jobs;

import org.jspecify.annotations.NullMarked;
