/** The application shell: main layout, navigation, user menu and shared components. */
@NullMarked
package dev.tunnelgate.ui;

import org.jspecify.annotations.NullMarked;
