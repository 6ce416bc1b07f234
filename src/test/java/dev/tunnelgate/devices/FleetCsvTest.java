package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetCsvTest {
    @ParameterizedTest
    @CsvSource(
            delimiterString = "|>",
            value = {
                "laptop|>\"laptop\"",
                "=1+2|>\"'=1+2\"",
                "+SUM(A1)|>\"'+SUM(A1)\"",
                "-2|>\"'-2\"",
                "@cmd|>\"'@cmd\"",
                "say \"hi\", then|>\"say \"\"hi\"\", then\"",
                "a=b|>\"a=b\""
            })
    void cells_are_quoted_and_formulas_become_text(String value, String cell) {
        assertThat(FleetCsv.cell(value)).isEqualTo(cell);
    }

    @ParameterizedTest
    @CsvSource({"'\t=1'", "'\r=1'"})
    void a_leading_tab_or_carriage_return_is_neutralized_too(String value) {
        assertThat(FleetCsv.cell(value)).startsWith("\"'");
    }
}
