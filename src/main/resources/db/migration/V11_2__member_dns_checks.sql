-- What the member's agent last found at the DNS servers of its networks: "address=OUTCOME" words separated by
-- spaces (at most 16), null when the networks set none or the agent does not check.
alter table gateway_member add column dns_checks varchar(1000);
