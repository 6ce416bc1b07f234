package dev.tunnelgate.configcode;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.api.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Configuration as code over HTTP: the export as YAML, and a YAML body compared ({@code diff}, a read-only token may
 * send it) or applied. The body is the file as it is, any content type; at most {@link ConfigYaml#MAX_BYTES} of UTF-8.
 */
@ApiEndpoint
@RestController
class ConfigApi {
    static final String PATH = ApiSecurity.PATH + "/config";
    static final MediaType YAML = new MediaType("application", "yaml", StandardCharsets.UTF_8);

    private final ConfigCodeService config;

    ConfigApi(ConfigCodeService config) {
        this.config = config;
    }

    /**
     * The diff as the API answers it: the changes, how many objects the file leaves alone, and the same as text.
     *
     * @param applied whether the changes were made (apply) or are only shown (diff)
     */
    record Answer(
            boolean applied,
            int changeCount,
            List<ConfigChange> changes,
            Map<String, Integer> leftAlone,
            boolean prune,
            String text) {
        static Answer of(ConfigDiff diff, boolean applied) {
            return new Answer(
                    applied && !diff.isEmpty(),
                    diff.changes().size(),
                    diff.changes(),
                    diff.leftAlone(),
                    diff.prune(),
                    diff.text(applied));
        }
    }

    @GetMapping(PATH)
    ResponseEntity<String> export() {
        return ResponseEntity.ok().contentType(YAML).body(config.export());
    }

    @PostMapping(PATH + "/diff")
    Answer diff(InputStream body) throws IOException {
        return Answer.of(config.diff(read(body)), false);
    }

    @PostMapping(PATH + "/apply")
    Answer apply(InputStream body) throws IOException {
        return Answer.of(config.apply(read(body)), true);
    }

    /** A file larger than the API takes. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("The file is larger than 1 MiB");
        }
    }

    @ExceptionHandler(TooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(TooLarge e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .header(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", String.valueOf(e.getMessage())));
    }

    /** The body as text: read no further than the limit, and refused unless it is UTF-8 (a leading BOM is dropped). */
    private static String read(InputStream body) throws IOException {
        var bytes = body.readNBytes(ConfigYaml.MAX_BYTES + 1);
        if (bytes.length > ConfigYaml.MAX_BYTES) {
            throw new TooLarge();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw FilePath.ROOT.invalid("the file is not UTF-8 text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
