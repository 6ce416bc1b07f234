/**
 * {@code tunnelgate config diff|apply|export}: the command line of configuration as code, for pipelines. It sends a
 * file to the portal's REST API and prints the answer; plain Java and Jackson, no Spring and no Vaadin.
 */
@NullMarked
package dev.tunnelgate.configcli;

import org.jspecify.annotations.NullMarked;
