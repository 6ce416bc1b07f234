package dev.tunnelgate.configcode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What applying a file changes (or changed), in the order it is done per kind: networks, destinations, gateway
 * groups, policies; creates and updates by name, then deletes.
 *
 * @param leftAlone how many stored objects of each kind ({@code networks}, {@code destinations},
 *                  {@code gatewayGroups}, {@code policies}) the file does not name and that stay as they are
 * @param prune     whether the file asked to delete the destinations and policies it does not name
 */
public record ConfigDiff(List<ConfigChange> changes, Map<String, Integer> leftAlone, boolean prune) {
    public ConfigDiff {
        changes = List.copyOf(changes);
        leftAlone = Collections.unmodifiableMap(new LinkedHashMap<>(leftAlone));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The diff for people: one block per object, one line per key ({@code before -> after}), then a summary. Every
     * value in it has passed the features' validators or comes from stored objects, so none starts a new line.
     */
    public String text(boolean applied) {
        var text = new StringBuilder();
        for (var change : changes) {
            text.append("%s %s \"%s\"%n".formatted(sign(change.action()), label(change.kind()), change.name()));
            for (var field : change.fields()) {
                switch (change.action()) {
                    case ConfigChange.CREATE ->
                        text.append("    %s: %s%n".formatted(field.field(), shown(field.after())));
                    case ConfigChange.DELETE ->
                        text.append("    %s: %s%n".formatted(field.field(), shown(field.before())));
                    default ->
                        text.append("    %s: %s -> %s%n"
                                .formatted(field.field(), shown(field.before()), shown(field.after())));
                }
            }
        }
        if (changes.isEmpty()) {
            text.append("No changes: the portal matches the file.%n".formatted());
        } else {
            var counts = changes.stream()
                    .collect(Collectors.groupingBy(ConfigChange::action, LinkedHashMap::new, Collectors.counting()));
            text.append("%d %s %s (%s).%n"
                    .formatted(
                            changes.size(),
                            changes.size() == 1 ? "change" : "changes",
                            applied ? "applied" : "to apply",
                            counts.entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey())
                                    .collect(Collectors.joining(", "))));
        }
        var alone = leftAlone.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + plural(e.getKey(), e.getValue()))
                .toList();
        if (!alone.isEmpty()) {
            text.append("Not in the file and left as they are: %s%s.%n"
                    .formatted(
                            String.join(", ", alone),
                            prune
                                    ? " (prune deletes destinations and policies only, of the kinds the file lists)"
                                    : leftAlone.getOrDefault("destinations", 0) + leftAlone.getOrDefault("policies", 0)
                                                    > 0
                                            ? " (prune: true would delete the destinations and policies among them)"
                                            : ""));
        }
        return text.toString();
    }

    private static String sign(String action) {
        return switch (action) {
            case ConfigChange.CREATE -> "+ create";
            case ConfigChange.DELETE -> "- delete";
            default -> "~ update";
        };
    }

    private static String label(String kind) {
        return kind.equals("gatewayGroup") ? "gateway group" : kind;
    }

    private static String plural(String kinds, int count) {
        var words = kinds.equals("gatewayGroups") ? "gateway groups" : kinds;
        return count == 1 ? words.substring(0, words.length() - 1) : words;
    }

    private static String shown(@Nullable String value) {
        return value == null ? "(none)" : value;
    }
}
