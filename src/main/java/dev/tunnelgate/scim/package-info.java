/**
 * SCIM 2.0 provisioning (RFC 7643/7644) at /scim/v2: the identity provider creates, updates and deactivates users and
 * pushes groups; the effects (groups, roles, offboarding) go through identity and devices as a sign-in or an admin's
 * offboarding would.
 */
@NullMarked
package dev.tunnelgate.scim;

import org.jspecify.annotations.NullMarked;
