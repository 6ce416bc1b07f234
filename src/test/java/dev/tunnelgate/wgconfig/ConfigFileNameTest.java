package dev.tunnelgate.wgconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFileNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            laptop                      | laptop.conf
            Anna's laptop               | Anna-s-laptop.conf
            Büro PC                     | B-ro-PC.conf
            a   b---c                   | a-b-c.conf
            Work MacBook Pro 16 inch    | Work-MacBook-Pr.conf
            wg0_home=+.x                | wg0_home=+.x.conf
            '  --..hidden..--  '        | hidden.conf
            ../../etc/passwd            | etc-passwd.conf
            ''                          | tunnelgate.conf
            日本語                       | tunnelgate.conf
            ...                         | tunnelgate.conf
            CON                         | CON_.conf
            lpt1                        | lpt1_.conf
            """)
    void maps_device_names_to_wg_quick_interface_names(String deviceName, String expected) {
        assertThat(ConfigFileName.forDevice(deviceName)).isEqualTo(expected);
    }

    @Test
    void falls_back_when_there_is_no_name() {
        assertThat(ConfigFileName.forDevice(null)).isEqualTo("tunnelgate.conf");
    }

    @Test
    void truncation_never_leaves_a_trailing_dash() {
        assertThat(ConfigFileName.forDevice("abcdefghijklmn opq")).isEqualTo("abcdefghijklmn.conf");
    }

    @Test
    void every_stem_is_a_valid_interface_name_for_random_input() {
        Random random = new Random(42);
        List<Integer> interesting =
                List.of((int) '\n', (int) '/', (int) '\\', (int) '.', (int) '-', 0x202e, 0x1f4bb, (int) ' ', (int) '=');
        for (int i = 0; i < 5_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                int c = random.nextBoolean()
                        ? interesting.get(random.nextInt(interesting.size()))
                        : 0x20 + random.nextInt(0x7f - 0x20);
                name.appendCodePoint(c);
            }
            String stem = ConfigFileName.stem(name.toString());
            assertThat(stem)
                    .matches("[a-zA-Z0-9_=+.-]{1,15}")
                    .doesNotStartWith(".")
                    .isNotEqualTo("..");
        }
    }
}
