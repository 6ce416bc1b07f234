/** Who the user is: single sign-on, accounts keyed by (issuer, subject), and roles from groups. */
@NullMarked
package dev.tunnelgate.identity;

import org.jspecify.annotations.NullMarked;
