-- The member's name on each peer status row, written with the row from the member's own report, so that the
-- devices package shows "via gw-a" without reading the gateways' tables.
alter table device_peer_status add column member_name varchar(64);
update device_peer_status set member_name = (select m.name from gateway_member m where m.id = device_peer_status.member_id);
alter table device_peer_status alter column member_name set not null;
