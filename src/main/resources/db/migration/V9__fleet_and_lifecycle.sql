-- Fleet administration and device lifecycle (issue #10).

-- A network's lifecycle policy; null switches a rule off.
alter table network add column expire_after_days integer;
alter table network add column stale_after_days integer;
alter table network add column rotate_after_days integer;
alter table network add column rotation_overlap_hours integer default 24 not null;
alter table network add constraint ck_network_expire_after check (expire_after_days between 1 and 3650);
alter table network add constraint ck_network_stale_after check (stale_after_days between 1 and 3650);
alter table network add constraint ck_network_rotate_after check (rotate_after_days between 1 and 3650);
alter table network add constraint ck_network_rotation_overlap check (rotation_overlap_hours between 1 and 720);

-- An offboarded user cannot sign in or enroll until an admin restores the account.
alter table app_user add column offboarded_at timestamp with time zone;
alter table app_user add column offboarded_by varchar(200);

-- When the device stops working by itself (null: never), and why a revoked device was revoked.
alter table device add column expires_at timestamp with time zone;
alter table device add column revoke_reason varchar(500);
-- When the current key was made (key age): at enrollment, then at each completed rotation.
alter table device add column key_created_at timestamp with time zone;
update device set key_created_at = created_at;
alter table device alter column key_created_at set not null;
-- The newest handshake any gateway member reported for any key of the device, and which member saw it
-- (kept on the device so that the fleet view filters and sorts on it without a join).
alter table device add column last_handshake_at timestamp with time zone;
alter table device add column last_handshake_member varchar(64);

-- A key rotation in progress: the new key with its own addresses and preshared key, next to the old one,
-- until the new key's first handshake or the end of the overlap window.
alter table device add column next_public_key varchar(44);
alter table device add column next_preshared_key varchar(200);
alter table device add column next_ipv4_address varchar(15);
alter table device add column next_ipv6_address varchar(45);
alter table device add column next_key_origin varchar(16);
alter table device add column rotation_started_at timestamp with time zone;
alter table device add column rotation_ends_at timestamp with time zone;
alter table device add constraint uq_device_next_public_key unique (next_public_key);

-- Every public key any device ever had, current, next or replaced: a key is never reused, and the
-- database refuses a second device (or a rotation) with a key that is taken, whichever column holds it.
create table device_key (
    public_key varchar(44)              not null primary key,
    device_id  bigint                   not null references device (id),
    created_at timestamp with time zone not null
);
create index ix_device_key_device on device_key (device_id);
insert into device_key (public_key, device_id, created_at) select public_key, id, created_at from device;

-- What each gateway member last reported of each peer key. Rows change only when a value changed
-- (a report of unchanged peers writes nothing); the device row carries the newest handshake.
create table device_peer_status (
    member_id         bigint                   not null references gateway_member (id) on delete cascade,
    public_key        varchar(44)              not null,
    device_id         bigint                   not null references device (id) on delete cascade,
    last_handshake_at timestamp with time zone,
    rx_bytes          bigint                   not null,
    tx_bytes          bigint                   not null,
    endpoint          varchar(80),
    updated_at        timestamp with time zone not null,
    primary key (member_id, public_key)
);
create index ix_device_peer_status_device on device_peer_status (device_id);

-- The fleet view filters and sorts on these.
create index ix_device_network_status on device (network_id, status);
create index ix_device_expires on device (expires_at);
create index ix_device_last_handshake on device (last_handshake_at);
create index ix_device_created on device (created_at, id);
