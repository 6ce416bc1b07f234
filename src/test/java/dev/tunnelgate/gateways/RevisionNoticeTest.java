package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevisionNoticeTest {
    @Test
    void a_notice_round_trips_through_its_payload() {
        var notice = new RevisionNotice(42, 7);

        assertThat(notice.payload()).isEqualTo("42:7");
        assertThat(RevisionNotice.parse(notice.payload())).contains(notice);
        assertThat(RevisionNotice.parse(Long.MAX_VALUE + ":" + Long.MAX_VALUE))
                .contains(new RevisionNotice(Long.MAX_VALUE, Long.MAX_VALUE));
        assertThat(RevisionNotice.parse("1:0")).contains(new RevisionNotice(1, 0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ":",
                "1",
                "1:",
                ":1",
                "0:1",
                "-1:1",
                "1:-1",
                "01:1",
                "1:01",
                "+1:1",
                "1:2:3",
                " 1:1",
                "1:1 ",
                "1:1\n",
                "1;1",
                "\u0661:\u0662",
                "9223372036854775808:1",
                "1:9223372036854775808",
                "99999999999999999999:1",
                "1:1e3",
                "0x1:1"
            })
    void anything_else_is_not_a_notice(String payload) {
        assertThat(RevisionNotice.parse(payload)).isEmpty();
    }

    @Test
    void a_very_long_payload_is_refused_before_it_is_matched() {
        assertThat(RevisionNotice.parse("1".repeat(8000) + ":1")).isEmpty();
    }

    @Test
    void a_notice_names_a_group_and_a_revision() {
        assertThatThrownBy(() -> new RevisionNotice(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RevisionNotice(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
