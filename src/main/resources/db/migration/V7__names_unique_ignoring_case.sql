-- Names that differ only in case are one name: device names per owner, network names, gateway group names and
-- member names per group. The services have always checked names so, but the constraints compared them exactly,
-- so two requests that checked at the same moment could store "Phone" and "phone" side by side. Now each table has
-- name_key, unique where the name was; the application writes the name lower-cased (Locale.ROOT, UniqueNames.key)
-- there. A function index on lower(name) would do the same on PostgreSQL, but H2 has none; a column works on both.
--
-- The backfill uses the database's lower(). On ASCII it is the application's rule; on other letters the two may
-- differ (PostgreSQL under a C collation leaves them alone), and such a key becomes the application's when its row
-- is next renamed. Until then one other name that differs from it only in case could still be stored.
--
-- Rows that already collide keep their names and stay usable: the oldest row keeps the plain key, and each later
-- one gets a line feed and its id appended to its key. No name can contain a line feed (names are single-line
-- text), so such a key collides with nothing; the application keeps it while the row keeps its name (in any case)
-- and replaces it when the row is renamed. Nothing is deleted or renamed here.
--
-- The key is at most twice the name's 64 characters (lower-casing can lengthen a letter) plus the appended id.

alter table device add column name_key varchar(160);
update device set name_key = lower(name);
update device set name_key = name_key || chr(10) || cast(id as varchar(20))
    where exists (select 1 from device older where older.owner_id = device.owner_id
                  and lower(older.name) = lower(device.name) and older.id < device.id);
alter table device alter column name_key set not null;
alter table device drop constraint uq_device_owner_name;
alter table device add constraint uq_device_owner_name_key unique (owner_id, name_key);

alter table network add column name_key varchar(160);
update network set name_key = lower(name);
update network set name_key = name_key || chr(10) || cast(id as varchar(20))
    where exists (select 1 from network older where lower(older.name) = lower(network.name) and older.id < network.id);
alter table network alter column name_key set not null;
alter table network drop constraint uq_network_name;
alter table network add constraint uq_network_name_key unique (name_key);

alter table gateway_group add column name_key varchar(160);
update gateway_group set name_key = lower(name);
update gateway_group set name_key = name_key || chr(10) || cast(id as varchar(20))
    where exists (select 1 from gateway_group older where lower(older.name) = lower(gateway_group.name)
                  and older.id < gateway_group.id);
alter table gateway_group alter column name_key set not null;
alter table gateway_group drop constraint uq_gateway_group_name;
alter table gateway_group add constraint uq_gateway_group_name_key unique (name_key);

alter table gateway_member add column name_key varchar(160);
update gateway_member set name_key = lower(name);
update gateway_member set name_key = name_key || chr(10) || cast(id as varchar(20))
    where exists (select 1 from gateway_member older where older.group_id = gateway_member.group_id
                  and lower(older.name) = lower(gateway_member.name) and older.id < gateway_member.id);
alter table gateway_member alter column name_key set not null;
alter table gateway_member drop constraint uq_gateway_member_name;
alter table gateway_member add constraint uq_gateway_member_name_key unique (group_id, name_key);
