package dev.tunnelgate.gateways;

import static dev.tunnelgate.testing.Race.assertRefusedLikeOneByOne;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Admins in several windows at once: group names and member names stay unique ignoring case, as the service says
 * one at a time, and every loser gets that same field error. Runs on H2 and on PostgreSQL.
 */
class GatewayRacesIT extends GatewayIntegrationTest {
    private List<String> spellings(String name) {
        return List.of(
                name,
                name.toUpperCase(java.util.Locale.ROOT),
                name.toLowerCase(java.util.Locale.ROOT),
                Character.toUpperCase(name.charAt(0)) + name.substring(1).toLowerCase(java.util.Locale.ROOT),
                name.substring(0, name.length() - 1).toLowerCase(java.util.Locale.ROOT)
                        + Character.toUpperCase(name.charAt(name.length() - 1)));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void groups_created_at_once_with_names_that_differ_only_in_case_store_one() {
        var names = spellings("Edge-" + fixture.suffix);
        var tries = names.stream()
                .<Callable<Long>>map(name -> () -> fixture.asAdmin(
                        () -> gateways.createGroup(new GroupSpec(name, "127.0.0.1:51820", 51820, List.of(), null))))
                .toList();

        var outcomes = Race.run(tries);

        assertRefusedLikeOneByOne(outcomes, 1, GroupField.NAME, "exists already");
        assertThat(count(
                        "select count(*) from gateway_group where lower(name) = ?",
                        names.getLast().toLowerCase()))
                .isEqualTo(1);
    }

    @Test
    void groups_renamed_at_once_to_names_that_differ_only_in_case_keep_one() {
        var names = spellings("Core-" + fixture.suffix);
        var tries = new ArrayList<Callable<Long>>();
        for (int i = 0; i < names.size(); i++) {
            var name = names.get(i);
            long group = fixture.asAdmin(() -> gateways.createGroup(
                    new GroupSpec("before-" + name + "-" + tries.size(), "127.0.0.1:51820", 51820, List.of(), null)));
            tries.add(() -> fixture.asAdmin(() -> {
                gateways.updateGroup(group, new GroupSpec(name, "127.0.0.1:51820", 51820, List.of(), null));
                return group;
            }));
        }

        var outcomes = Race.run(tries);

        assertRefusedLikeOneByOne(outcomes, 1, GroupField.NAME, "exists already");
        assertThat(count(
                        "select count(*) from gateway_group where lower(name) = ?",
                        names.getLast().toLowerCase()))
                .isEqualTo(1);
    }

    @Test
    void members_added_at_once_with_names_that_differ_only_in_case_store_one() {
        long group = fixture.group("127.0.0.1:51820", 51820);
        var names = spellings("gw-a");
        var tries = names.stream()
                .<Callable<IssuedCredential>>map(name -> () -> fixture.asAdmin(() -> gateways.addMember(group, name)))
                .toList();

        var outcomes = Race.run(tries);

        assertRefusedLikeOneByOne(outcomes, 1, MemberField.NAME, "has a member named");
        assertThat(count("select count(*) from gateway_member where group_id = ?", group))
                .isEqualTo(1);
    }
}
