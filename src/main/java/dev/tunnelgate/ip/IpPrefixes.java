package dev.tunnelgate.ip;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Operations on sets of prefixes. */
public final class IpPrefixes {
    /** IPv4 before IPv6, then by address, then shorter (wider) prefixes first. */
    public static final Comparator<IpPrefix> ORDER = Comparator.comparing((IpPrefix p) -> p.isIPv4() ? 0 : 1)
            .thenComparing(p -> p.block().getLower(), IPAddress::compareTo)
            .thenComparingInt(IpPrefix::prefixLength);

    private IpPrefixes() {}

    /**
     * The fewest prefixes that cover exactly the addresses of {@code prefixes}: overlapping ones folded into the
     * wider, adjacent ones joined ({@code 10.0.0.0/25} and {@code 10.0.0.128/25} become {@code 10.0.0.0/24}).
     * Host bits are ignored. Sorted by {@link #ORDER}.
     */
    public static List<IpPrefix> aggregate(Collection<IpPrefix> prefixes) {
        var result = new ArrayList<IpPrefix>();
        result.addAll(aggregateFamily(prefixes.stream().filter(IpPrefix::isIPv4).toList()));
        result.addAll(aggregateFamily(prefixes.stream().filter(p -> !p.isIPv4()).toList()));
        result.sort(ORDER);
        return List.copyOf(result);
    }

    private static List<IpPrefix> aggregateFamily(List<IpPrefix> prefixes) {
        if (prefixes.isEmpty()) {
            return List.of();
        }
        IPAddress first = prefixes.getFirst().block();
        IPAddress[] rest = prefixes.stream().skip(1).map(IpPrefix::block).toArray(IPAddress[]::new);
        var merged = new ArrayList<IpPrefix>();
        for (IPAddress block : first.mergeToPrefixBlocks(rest)) {
            Integer length = block.getPrefixLength();
            merged.add(new IpPrefix(
                    block.getLower().withoutPrefixLength(), length == null ? block.getBitCount() : length));
        }
        return merged;
    }
}
