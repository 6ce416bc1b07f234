package dev.tunnelgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditLogTest {
    @Test
    void texts_become_one_line_so_no_value_can_forge_another_entry() {
        assertThat(AuditLog.singleLine("a\r\nb\u2028c\u2029d\u0000e\u200Bf", 100))
                .isEqualTo("a??b?c?d?e?f");
    }

    @Test
    void long_texts_are_cut_to_the_column_size_with_a_marker() {
        var cut = AuditLog.singleLine("x".repeat(500), 64);
        assertThat(cut).hasSize(64).endsWith("…");
        assertThat(AuditLog.singleLine("short", 64)).isEqualTo("short");
    }
}
