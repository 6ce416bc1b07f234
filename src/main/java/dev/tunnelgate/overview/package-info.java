/** Where admins and auditors land: the fleet's figures that need attention, each a link to the view that lists them. */
@NullMarked
package dev.tunnelgate.overview;

import org.jspecify.annotations.NullMarked;
