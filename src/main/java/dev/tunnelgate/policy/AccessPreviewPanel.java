package dev.tunnelgate.policy;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows an {@link AccessDiff} compactly, one line per user: "bob (engineering): laptop gains Wiki (tcp 443) through
 * Engineering; phone loses Mail (tcp 25)". At most {@link #MAX_LINES} users are listed, then how many more.
 */
public class AccessPreviewPanel extends Div {
    public static final int MAX_LINES = 20;

    final Paragraph summary = new Paragraph();
    final UnorderedList lines = new UnorderedList();

    public AccessPreviewPanel() {
        summary.setId("access-preview-summary");
        lines.setId("access-preview-lines");
        lines.addClassNames("access-preview-lines");
        add(summary, lines);
    }

    public AccessPreviewPanel(AccessDiff diff) {
        this();
        show(diff);
    }

    public void show(AccessDiff diff) {
        summary.setText(summary(diff));
        lines.removeAll();
        lines(diff, MAX_LINES).forEach(line -> lines.add(new ListItem(line)));
        lines.setVisible(!diff.isEmpty());
    }

    /** "3 devices of 2 users change: 2 gain access, 1 loses access", or that nothing changes. */
    public static String summary(AccessDiff diff) {
        if (diff.isEmpty()) {
            return "No device gains or loses anything.";
        }
        int devices = diff.devicesChanging();
        int users = diff.users().size();
        return "%s of %s change%s: %d gain%s access, %d lose%s access."
                .formatted(
                        count(devices, "device"),
                        count(users, "user"),
                        devices == 1 ? "s" : "",
                        diff.devicesGaining(),
                        diff.devicesGaining() == 1 ? "s" : "",
                        diff.devicesLosing(),
                        diff.devicesLosing() == 1 ? "s" : "");
    }

    /** One line per user, at most {@code max}, then "… and N more users (M devices)". */
    public static List<String> lines(AccessDiff diff, int max) {
        var result = new ArrayList<String>();
        var users = diff.users();
        for (var user : users.subList(0, Math.min(max, users.size()))) {
            var clauses =
                    user.devices().stream().map(AccessPreviewPanel::clause).toList();
            result.add(who(user) + ": " + String.join("; ", clauses));
        }
        if (users.size() > max) {
            var rest = users.subList(max, users.size());
            int devices = rest.stream().mapToInt(u -> u.devices().size()).sum();
            result.add("… and %d more user%s (%s)"
                    .formatted(rest.size(), rest.size() == 1 ? "" : "s", count(devices, "device")));
        }
        return result;
    }

    private static String who(AccessDiff.UserChange user) {
        return user.groups().isEmpty()
                ? user.displayName()
                : user.displayName() + " (" + String.join(", ", user.groups()) + ")";
    }

    private static String clause(AccessDiff.DeviceChange device) {
        var text = new StringBuilder(device.deviceName());
        if ("PENDING".equals(device.status())) {
            text.append(" (pending approval)");
        }
        if (!device.gained().isEmpty()) {
            text.append(" gains ").append(reaches(device.gained()));
        }
        if (!device.lost().isEmpty()) {
            text.append(device.gained().isEmpty() ? " loses " : ", loses ").append(reaches(device.lost()));
        }
        return text.toString();
    }

    private static String reaches(List<Reach> reaches) {
        return String.join(
                ", ",
                reaches.stream()
                        .map(reach ->
                                reach.openNetwork() ? reach.label() : reach.label() + " through " + reach.grantedBy())
                        .toList());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
