/** The networks devices join: address pools, DNS, endpoint, tunnel mode and who may join. */
@NullMarked
package dev.tunnelgate.networks;

import org.jspecify.annotations.NullMarked;
