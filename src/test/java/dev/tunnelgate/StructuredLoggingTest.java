package dev.tunnelgate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.LoggingSystemProperties;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON logs by one setting, {@code LOGGING_STRUCTURED_FORMAT_CONSOLE}: Spring Boot hands it to its console appender,
 * whose encoder then writes each event as one JSON object on one line (a message with a line break included; ECS names
 * the application as the service). Without starting a Spring context: the setting, then the encoder it selects.
 */
class StructuredLoggingTest {
    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void one_environment_variable_turns_every_log_event_into_one_json_line(String format) throws IOException {
        var environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new ResourcePropertySource(new ClassPathResource("application.properties")));
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "env", Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", format)));
        var applied = new HashMap<String, String>();
        new LoggingSystemProperties(environment, applied::put).apply();
        assertThat(applied).containsEntry("CONSOLE_LOG_STRUCTURED_FORMAT", format);

        var context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putObject(Environment.class.getName(), environment);
        var encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(applied.get("CONSOLE_LOG_STRUCTURED_FORMAT"));
        encoder.start();
        var event = new LoggingEvent(
                LoggingEvent.class.getName(),
                context.getLogger("dev.tunnelgate.identity.LoginFailureHandler"),
                Level.WARN,
                "Sign-in failed: {}",
                null,
                new Object[] {"access_denied\n2030-01-01 INFO forged \"line\""});

        var line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        var json = JsonMapper.builder().build().readTree(line);
        assertThat(json.path("message").asString())
                .isEqualTo("Sign-in failed: access_denied\n2030-01-01 INFO forged \"line\"");
        assertThat(json.toString()).contains("\"WARN\"", "dev.tunnelgate.identity.LoginFailureHandler");
        if (format.equals("ecs")) {
            // spring.application.name from application.properties
            assertThat(json.path("service").path("name").asString()).isEqualTo("tunnelgate");
        }
    }
}
