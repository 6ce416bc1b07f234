/** The embedded OIDC provider with demo users, for a zero-setup first run; never in production. */
@NullMarked
package dev.tunnelgate.identity.devidp;

import org.jspecify.annotations.NullMarked;
