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
            return PolicyTexts.text("policy.preview.nothing");
        }
        return PolicyTexts.text(
                "policy.preview.summary",
                diff.devicesChanging(),
                diff.users().size(),
                diff.devicesGaining(),
                diff.devicesLosing());
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
            result.add(PolicyTexts.text("policy.preview.more", rest.size(), devices));
        }
        return result;
    }

    private static String who(AccessDiff.UserChange user) {
        return user.groups().isEmpty()
                ? user.displayName()
                : user.displayName() + " (" + String.join(", ", user.groups()) + ")";
    }

    private static String clause(AccessDiff.DeviceChange device) {
        var name = "PENDING".equals(device.status())
                ? PolicyTexts.text("policy.preview.pending", device.deviceName())
                : device.deviceName();
        if (device.lost().isEmpty()) {
            return PolicyTexts.text("policy.preview.gains", name, reaches(device.gained()));
        }
        if (device.gained().isEmpty()) {
            return PolicyTexts.text("policy.preview.loses", name, reaches(device.lost()));
        }
        return PolicyTexts.text("policy.preview.gains-loses", name, reaches(device.gained()), reaches(device.lost()));
    }

    private static String reaches(List<Reach> reaches) {
        return String.join(
                ", ",
                reaches.stream()
                        .map(reach -> reach.openNetwork()
                                ? reach.label()
                                : PolicyTexts.text("policy.preview.through", reach.label(), reach.grantedBy()))
                        .toList());
    }
}
