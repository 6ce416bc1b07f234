package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Approvals over real HTTP: the pending list, approving and rejecting others' devices, never one's own. */
class ApprovalsApiIT extends DevicesApiTest {
    long requester;
    String requesterToken;
    long approverUser;
    String approver;

    @BeforeEach
    void users() {
        requester = user("Requester");
        requesterToken = token(requester, ApiTokenScope.READ_ONLY);
        approverUser = user("Approver");
        approver = token(approverUser, ApiTokenScope.READ_WRITE, Roles.APPROVER);
    }

    /** Every pending device, page by page, as an approver's script would walk them. */
    private List<JsonNode> allPending() {
        var items = new ArrayList<JsonNode>();
        for (int page = 0; ; page++) {
            var response = api.get(approver, "/api/v1/approvals?size=100&page=" + page);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.json().get("items").forEach(item -> {
                assertThat(item.get("status").asString()).isEqualTo("PENDING");
                items.add(item);
            });
            if (!response.json().get("hasNext").asBoolean()) {
                return items;
            }
        }
    }

    private List<Long> allPendingIds() {
        return allPending().stream().map(item -> item.get("id").asLong()).toList();
    }

    @Test
    void pending_devices_are_listed_oldest_first_and_approved_or_rejected() {
        long first = enrolled(requester, manual);
        long second = enrolled(requester, manual);
        long active = enrolled(requester, automatic);

        var pending = allPending();
        assertThat(pending.stream().map(item -> item.get("id").asLong()))
                .containsSubsequence(first, second)
                .doesNotContain(active);
        assertThat(pending)
                .filteredOn(item -> item.get("id").asLong() == first)
                .singleElement()
                .satisfies(item -> assertThat(item.get("ownerName").asString()).isEqualTo("Requester " + suffix));

        var approved = api.send("POST", "/api/v1/approvals/" + first + "/approve", approver, null);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(204);
        assertThat(api.get(requesterToken, "/api/v1/devices/" + first)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ACTIVE");

        var rejected =
                api.send("POST", "/api/v1/approvals/" + second + "/reject", approver, json("reason", "unknown laptop"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(204);
        var seen = api.get(requesterToken, "/api/v1/devices/" + second).json();
        assertThat(seen.get("status").asString()).isEqualTo("REJECTED");
        assertThat(seen.get("decisionReason").asString()).isEqualTo("unknown laptop");

        assertThat(allPendingIds()).doesNotContain(first, second);
        assertProblem(
                api.send("POST", "/api/v1/approvals/" + first + "/approve", approver, null), 409, "conflict", null);
        assertProblem(
                api.send("POST", "/api/v1/approvals/" + active + "/reject", approver, json("reason", "x")),
                409,
                "conflict",
                null);
        assertProblem(api.send("POST", "/api/v1/approvals/999999999/approve", approver, null), 404, "not-found", null);
    }

    @Test
    void an_approver_decides_no_device_of_their_own_and_bad_reasons_change_nothing() {
        long own = enrolled(approverUser, manual);
        long others = enrolled(requester, manual);
        var ownBefore = stored(own);
        var othersBefore = stored(others);

        assertProblem(
                api.send("POST", "/api/v1/approvals/" + own + "/approve", approver, null), 400, "invalid-input", null);
        assertProblem(
                api.send("POST", "/api/v1/approvals/" + own + "/reject", approver, json("reason", "mine")),
                400,
                "invalid-input",
                null);
        var reject = "/api/v1/approvals/" + others + "/reject";
        assertProblem(api.send("POST", reject, approver, null), 400, "unreadable-body", null);
        assertProblem(api.send("POST", reject, approver, "{}"), 400, "invalid-input", "reason");
        assertProblem(api.send("POST", reject, approver, json("reason", "")), 400, "invalid-input", "reason");
        assertProblem(
                api.send("POST", reject, approver, json("reason", "r".repeat(501))), 400, "invalid-input", "reason");
        assertProblem(
                api.send("POST", reject, approver, json("reason", "no\r\nAUDIT: approved")),
                400,
                "invalid-input",
                "reason");
        assertProblem(
                api.send("POST", reject, approver, json("reason", List.of("x"))), 400, "unreadable-body", "reason");
        assertProblem(
                api.send("POST", reject, approver, json("reason", "x", "status", "ACTIVE")),
                400,
                "unreadable-body",
                "status");
        assertProblem(api.send("POST", "/api/v1/approvals/abc/approve", approver, null), 400, "invalid-input", "id");

        assertThat(stored(own)).isEqualTo(ownBefore);
        assertThat(stored(others)).isEqualTo(othersBefore);
        assertThat(stored(others).status()).isEqualTo("PENDING");
    }

    @Test
    void approving_and_rejecting_one_device_at_once_makes_one_decision() {
        var second = token(user("Second approver"), ApiTokenScope.READ_WRITE, Roles.APPROVER);
        long id = enrolled(requester, manual);

        List<Callable<ApiClient.Response>> decisions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            decisions.add(() -> api.send("POST", "/api/v1/approvals/" + id + "/approve", approver, null));
            decisions.add(() -> api.send("POST", "/api/v1/approvals/" + id + "/reject", second, json("reason", "no")));
        }
        var outcomes = Race.run(decisions);

        var responses =
                outcomes.stream().map(o -> Objects.requireNonNull(o.value())).toList();
        assertThat(responses).filteredOn(r -> r.status() == 204).hasSize(1);
        assertThat(responses)
                .filteredOn(r -> r.status() != 204)
                .allSatisfy(r -> assertProblem(r, 409, "conflict", null));
        var winner = responses.indexOf(
                responses.stream().filter(r -> r.status() == 204).findFirst().orElseThrow());
        assertThat(stored(id).status()).isEqualTo(winner % 2 == 0 ? "ACTIVE" : "REJECTED");
    }
}
