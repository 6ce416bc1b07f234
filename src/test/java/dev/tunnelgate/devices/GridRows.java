package dev.tunnelgate.devices;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.grid.Grid;
import java.util.List;
import java.util.stream.IntStream;

final class GridRows {
    private GridRows() {}

    static List<String> names(Grid<DeviceRow> grid) {
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._get(grid, i).name())
                .toList();
    }
}
