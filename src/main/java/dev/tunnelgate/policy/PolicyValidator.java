package dev.tunnelgate.policy;

import dev.tunnelgate.identity.GroupNames;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a policy's form data and returns its settings; the first problem is thrown. What the policy refers to is
 * looked up through {@link References} once the lists themselves are sound.
 */
final class PolicyValidator {
    static final int MAX_NETWORKS = 200;
    static final int MAX_DESTINATIONS = 500;
    static final int MAX_GROUPS = 100;
    static final int MAX_USERS = 500;

    /** Which of the given ids exist (and stay so until the transaction ends, where the lookup locks them). */
    record References(
            Function<Set<Long>, Set<Long>> networks,
            Function<Set<Long>, Set<Long>> destinations,
            Function<Set<Long>, Set<Long>> users) {}

    private PolicyValidator() {}

    static PolicySettings validate(PolicySpec spec, References references) {
        var name = SafeText.clean(spec.name(), PolicyField.NAME, 1, PolicySpec.NAME_MAX);
        var networks = chosen(spec.networkIds(), PolicyField.NETWORKS, MAX_NETWORKS, references.networks(), "network");
        var destinations = chosen(
                spec.destinationIds(),
                PolicyField.DESTINATIONS,
                MAX_DESTINATIONS,
                references.destinations(),
                "destination");
        var groups = groups(spec.groups());
        if (spec.userIds().size() > MAX_USERS) {
            throw new InvalidInputException(PolicyField.USERS, Message.of("refusals.policy.user.too-many", MAX_USERS));
        }
        if (!references.users().apply(spec.userIds()).containsAll(spec.userIds())) {
            throw new InvalidInputException(PolicyField.USERS, Message.of("refusals.policy.user.gone"));
        }
        if (groups.isEmpty() && spec.userIds().isEmpty()) {
            throw new InvalidInputException(PolicyField.GROUPS, Message.of("refusals.policy.no-grantee"));
        }
        return new PolicySettings(name, spec.enabled(), networks, destinations, groups, spec.userIds());
    }

    private static Set<Long> chosen(
            Set<Long> ids, PolicyField field, int max, Function<Set<Long>, Set<Long>> existing, String what) {
        if (ids.isEmpty()) {
            throw new InvalidInputException(field, Message.of("refusals.policy." + what + ".none"));
        }
        if (ids.size() > max) {
            throw new InvalidInputException(field, Message.of("refusals.policy." + what + ".too-many", max));
        }
        if (!existing.apply(ids).containsAll(ids)) {
            throw new InvalidInputException(field, Message.of("refusals.policy." + what + ".gone"));
        }
        return ids;
    }

    /** Group names as the sign-in records them: trimmed, without a leading '/', single-line, none twice. */
    private static Set<String> groups(List<String> items) {
        var field = PolicyField.GROUPS;
        if (items.size() > MAX_GROUPS) {
            throw new InvalidInputException(field, Message.of("refusals.policy.group.too-many", MAX_GROUPS));
        }
        var result = new ArrayList<String>();
        for (int i = 0; i < items.size(); i++) {
            var label = "Group " + (i + 1);
            String text;
            try {
                // No length limit yet: the limit is on the name without its '/'.
                text = GroupNames.normalize(SafeText.clean(items.get(i), label, 0, Integer.MAX_VALUE));
            } catch (InvalidInputException e) {
                var translated = e.message();
                throw new InvalidInputException(
                        field,
                        translated != null
                                ? translated
                                : Message.of(
                                        "refusals.policy.parser", Objects.requireNonNullElse(e.getMessage(), label)));
            }
            int length = text.codePointCount(0, text.length());
            if (length == 0) {
                throw new InvalidInputException(field, Message.of("refusals.policy.group.empty", i + 1));
            }
            if (length > GroupNames.MAX_LENGTH) {
                throw new InvalidInputException(
                        field, Message.of("refusals.policy.group.too-long", i + 1, GroupNames.MAX_LENGTH, length));
            }
            int twin = result.indexOf(text);
            if (twin >= 0) {
                throw new InvalidInputException(field, Message.of("refusals.policy.group.repeated", i + 1, twin + 1));
            }
            result.add(text);
        }
        return new LinkedHashSet<>(result);
    }
}
