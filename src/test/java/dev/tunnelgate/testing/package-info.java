/** Test support shared by the integration tests: the one Spring context, an HTTP walker, a browser. */
@NullMarked
package dev.tunnelgate.testing;

import org.jspecify.annotations.NullMarked;
