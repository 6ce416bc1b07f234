package dev.tunnelgate.devices;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.menubar.MenuBar;
import java.util.List;
import java.util.stream.IntStream;

final class GridRows {
    private GridRows() {}

    static List<String> names(Grid<DeviceRow> grid) {
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._get(grid, i).name())
                .toList();
    }

    /** The captions of a My devices row's action menu ("Rename", "Replace key", "Revoke"). */
    static List<String> menuItems(Grid<DeviceRow> grid, int row) {
        return menu(grid, row).getItems().getFirst().getSubMenu().getItems().stream()
                .map(MenuItem::getText)
                .toList();
    }

    /** Chooses an action from a My devices row's menu, as a click on "⋮" and then on the item does. */
    static void chooseAction(Grid<DeviceRow> grid, int row, String caption) {
        ContextMenuKt._clickItemWithCaption(menu(grid, row), caption);
    }

    private static MenuBar menu(Grid<DeviceRow> grid, int row) {
        return LocatorJ._get(GridKt._getCellComponent(grid, row, "actions"), MenuBar.class);
    }
}
