package dev.tunnelgate.policy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.PortRange;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A destination as the admin form sends it: text, one prefix or port (range) per list item.
 * {@link DestinationService} turns it into {@link DestinationSettings}, or says which field is wrong.
 *
 * @param protocol null when none was chosen, which is refused
 * @param ports    e.g. {@code 443} or {@code 8000-8080}; only for TCP and UDP
 */
public record DestinationSpec(
        String name, List<String> prefixes, @Nullable AccessProtocol protocol, List<String> ports) {
    public static final int NAME_MAX = 64;

    public DestinationSpec {
        prefixes = List.copyOf(prefixes);
        ports = List.copyOf(ports);
    }

    /**
     * Checks every field as {@link DestinationService} does before it saves (not whether the name is taken), and
     * saves nothing: the typed settings, or {@link dev.tunnelgate.text.InvalidInputException} naming the field.
     */
    public DestinationSettings validate() {
        return DestinationValidator.validate(this);
    }

    /** The form's text for stored settings, to edit them. */
    public static DestinationSpec of(DestinationSettings settings) {
        return new DestinationSpec(
                settings.name(),
                settings.prefixes().stream().map(IpPrefix::toString).toList(),
                settings.protocol(),
                settings.ports().stream().map(PortRange::toString).toList());
    }

    /** Splits a form's list text at commas, white space and line breaks. */
    public static List<String> listOf(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(text.strip().split("[,\\s]+"));
    }
}
