-- SCIM provisioning (issue #12): an account the identity provider provisioned carries the SCIM userName and
-- externalId it was given. The account stays keyed by (issuer, subject): the subject is the value of the configured
-- attribute (externalId or userName), so a later sign-in with that (issuer, subject) finds this account. Accounts
-- without a scim_user_name are not provisioned (signed in only, or deprovisioned) and SCIM does not list them.
-- userName is unique per issuer ignoring case (RFC 7643: caseExact false); scim_user_name_key holds it lower-cased
-- (Locale.ROOT), as V7 does for names, because H2 has no function index.
alter table app_user add column scim_user_name varchar(256);
alter table app_user add column scim_user_name_key varchar(520);
alter table app_user add column scim_external_id varchar(256);
alter table app_user add column scim_updated_at timestamp with time zone;
-- Set once SCIM has assigned the account's groups: from then on SCIM is their source, and a sign-in leaves the
-- groups (and the roles they grant) as SCIM set them, so that a groups claim in another form (Entra ID sends group
-- ids, SCIM their names) or none at all cannot undo them.
alter table app_user add column scim_groups boolean default false not null;
alter table app_user add constraint uq_app_user_scim_user_name unique (issuer, scim_user_name_key);
create index ix_app_user_scim_external_id on app_user (issuer, scim_external_id);
