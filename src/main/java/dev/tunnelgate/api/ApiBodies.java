package dev.tunnelgate.api;

import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Request bodies as the services' types take them. Request records have boxed, nullable properties (so that a missing
 * one is named, not defaulted to 0 by Jackson); what a service's type cannot hold (a missing number, a null list item)
 * is refused here naming the property. Everything else, lengths, ranges and formats, the services check.
 */
public final class ApiBodies {
    private ApiBodies() {}

    /** The value of a property the request must have. */
    public static <T> T required(@Nullable T value, FieldKey field) {
        if (value == null) {
            throw new InvalidInputException(field, Message.of("refusals.text.required", field.apiName()));
        }
        return value;
    }

    /** As {@link #required(Object, FieldKey)}, for a property that no refusal of the service names. */
    public static <T> T required(@Nullable T value, String property) {
        if (value == null) {
            throw new InvalidInputException(property, Message.of("refusals.text.required", property));
        }
        return value;
    }

    /** A list property: missing means empty; an item that is null is refused. */
    public static <T> List<T> list(@Nullable List<@Nullable T> items, FieldKey field) {
        if (items == null) {
            return List.of();
        }
        var result = new ArrayList<T>(items.size());
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            if (item == null) {
                throw new InvalidInputException(
                        field, Message.of("refusals.text.required", field.apiName() + "[" + i + "]"));
            }
            result.add(item);
        }
        return result;
    }
}
