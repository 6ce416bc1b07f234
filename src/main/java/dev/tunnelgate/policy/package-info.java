/**
 * Access policies: destinations (prefixes, protocol, ports), policies that grant them to IdP groups and users per
 * network, and {@link dev.tunnelgate.policy.AccessGrants}, which decides from them what each device may reach.
 */
@NullMarked
package dev.tunnelgate.policy;

import org.jspecify.annotations.NullMarked;
