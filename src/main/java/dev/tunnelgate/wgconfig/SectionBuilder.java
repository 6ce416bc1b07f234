package dev.tunnelgate.wgconfig;

/** Collects the lines of one section while parsing; the records do the final validation. */
interface SectionBuilder {
    /** Takes a value for a lower-case key; false when the key does not belong in this section. */
    boolean accept(String key, String value);

    String name();
}
