package dev.tunnelgate.api;

import java.util.List;

/**
 * One page of a list: the items, where the page starts and how long it may be, and whether another follows. No
 * total count (counting a large table costs more than the page); lists that have one say so separately.
 */
public record ApiPage<T>(List<T> items, int page, int size, boolean hasNext) {}
