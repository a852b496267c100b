package dev.tiffin.contracts.api;

import java.util.List;

/** One page of a list: items, the 1-based page, its size and the total count. */
public record PageView<T>(List<T> items, int page, int pageSize, long total) {}
