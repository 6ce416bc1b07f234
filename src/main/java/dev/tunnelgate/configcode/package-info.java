/**
 * Configuration as code: networks, destinations, access policies and gateway groups exported as one YAML document,
 * and a document compared with the portal (diff) or applied to it, through the features' own services.
 */
@NullMarked
package dev.tunnelgate.configcode;

import org.jspecify.annotations.NullMarked;
