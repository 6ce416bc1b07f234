package dev.tunnelgate.scim;

import dev.tunnelgate.identity.GroupNames;
import dev.tunnelgate.identity.ProvisionedUsers;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this portal keeps of a SCIM Group (RFC 7643 section 4.2): displayName, externalId and the member users' ids.
 * The name a member's groups record, and access policies name, is the display name as a sign-in records group names
 * ({@link GroupNames}); a display name that no policy could name is refused.
 */
record GroupDocument(
        String displayName, String groupName, @Nullable String externalId, Set<Long> members) {
    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** The attributes a list may be filtered by, keyed by lower-case name. */
    static final Map<String, String> FILTERABLE = Map.of("displayname", "displayName", "externalid", "externalId");

    static GroupDocument read(ObjectNode group) {
        var displayName = UserDocument.text(group, "displayName", GroupNames.MAX_LENGTH);
        if (displayName == null) {
            throw ScimRefusal.invalidValue("displayName is required");
        }
        var groupName = GroupNames.normalize(displayName);
        if (!GroupNames.isRecordable(groupName)) {
            throw ScimRefusal.invalidValue("displayName cannot name a group");
        }
        var externalId = UserDocument.text(group, "externalId", ProvisionedUsers.ATTRIBUTE_MAX_LENGTH);
        var members = new TreeSet<Long>();
        var list = UserDocument.get(group, "members");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw ScimRefusal.invalidValue("members must be a list");
            }
            for (var member : list) {
                if (!(member instanceof ObjectNode entry)) {
                    throw ScimRefusal.invalidValue("Each of members must be an object");
                }
                var value = UserDocument.text(entry, "value", 20);
                if (value == null) {
                    throw ScimRefusal.invalidValue("Each of members needs a value (a user's id)");
                }
                members.add(ScimIds.parse(value).orElseThrow(() -> noSuchMember(value)));
            }
        }
        return new GroupDocument(displayName, groupName, externalId, members);
    }

    static ScimRefusal noSuchMember(String value) {
        return ScimRefusal.invalidValue("A member is not a provisioned user: " + value);
    }

    /** The group as SCIM shows it, without {@code meta}; members (with their userNames) unless left out. */
    static ObjectNode render(ScimGroups.Group group, @Nullable Map<Long, String> members) {
        var node = ScimJson.nodes().objectNode();
        node.putArray("schemas").add(SCHEMA);
        node.put("id", Long.toString(group.id()));
        if (group.externalId() != null) {
            node.put("externalId", group.externalId());
        }
        node.put("displayName", group.displayName());
        if (members != null) {
            var list = node.putArray("members");
            members.forEach((id, userName) -> {
                var member = list.addObject();
                member.put("value", Long.toString(id));
                member.put("display", userName);
                member.put("type", "User");
            });
        }
        return node;
    }
}
