package dev.tunnelgate.api;

import dev.tunnelgate.text.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/** The API's page parameters: {@code page} from 0, {@code size} from 1 to {@link #MAX_SIZE} (default {@link #DEFAULT_SIZE}). */
public final class ApiPaging {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;
    /** Deep offsets cost a scan each; beyond this, filter instead of paging. */
    public static final int MAX_PAGE = 100_000;

    private ApiPaging() {}

    /** Checks the parameters; a bad one is a 400 naming it. */
    public static Pageable of(@Nullable Integer page, @Nullable Integer size, Sort sort) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || p > MAX_PAGE) {
            throw new InvalidInputException("page", "page must be between 0 and " + MAX_PAGE);
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidInputException("size", "size must be between 1 and " + MAX_SIZE);
        }
        return PageRequest.of(p, s, sort);
    }

    public static Pageable of(@Nullable Integer page, @Nullable Integer size) {
        return of(page, size, Sort.unsorted());
    }

    /** A slice as an API page. */
    public static <T> ApiPage<T> page(Slice<T> slice) {
        return new ApiPage<>(slice.getContent(), slice.getNumber(), slice.getSize(), slice.hasNext());
    }
}
