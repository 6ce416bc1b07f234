-- The first revision a job delivers: with its target, the range of gateway_change rows that say what the job
-- changed (the Jobs view shows them). A job of before this column carries its target revision only.
alter table gateway_job add column first_revision bigint;
update gateway_job set first_revision = target_revision;
alter table gateway_job alter column first_revision set not null;
