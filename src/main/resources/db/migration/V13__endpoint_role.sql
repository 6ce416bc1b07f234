-- Which member of a group holds the group's endpoint address (a VRRP pair's floating IP), as its agent last
-- reported it: HOLDER or STANDBY, null when the agent is not told (a single gateway, anycast).
alter table gateway_member add column endpoint_role varchar(16);
alter table gateway_member add column endpoint_role_since timestamp with time zone;
alter table gateway_member add constraint ck_gateway_member_endpoint_role
    check (endpoint_role is null or endpoint_role in ('HOLDER', 'STANDBY'));
