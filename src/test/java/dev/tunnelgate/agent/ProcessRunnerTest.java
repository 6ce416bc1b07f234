package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner(List.of(), Duration.ofSeconds(5));

    @Test
    void stdin_reaches_the_child_and_stdout_comes_back() throws IOException {
        assertThat(runner.run(List.of("cat"), "hello\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("hello\n");
    }

    @Test
    void arguments_are_passed_verbatim_and_never_interpreted_by_a_shell() throws IOException {
        assertThat(runner.run(List.of("echo", "$(id)", ";", "`x`"), null)).isEqualTo("$(id) ; `x`\n");
    }

    @Test
    void a_failing_command_reports_its_exit_code_and_a_sanitized_stderr() {
        var command = List.of(
                "sh",
                "-c",
                "printf 'bad key: wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg=\\nFORGED LINE\\033[31m' >&2; exit 3");

        assertThatThrownBy(() -> runner.run(command, null))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("`sh -c` exited with 3: bad key: <key> FORGED LINE")
                .hasMessageNotContaining("wbsIjWAYGPLVouGun0ms")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\033");
    }

    @Test
    void a_flood_on_stderr_is_cut_to_a_bounded_message() {
        String flood = "x".repeat(10_000);

        assertThat(ProcessRunner.sanitize(flood))
                .hasSizeLessThanOrEqualTo(ProcessRunner.MAX_MESSAGE + 1)
                .endsWith("…");
    }

    @Test
    void a_command_that_hangs_is_killed_at_the_deadline() {
        var quick = new ProcessRunner(List.of(), Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThatThrownBy(() -> quick.run(List.of("sleep", "30"), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
