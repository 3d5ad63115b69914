package dev.hfjobs.emulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code label=} filter of a listing: {@code key=value} wants that value, a bare {@code key}
 * wants the label present with any value.
 */
record LabelFilter(String key, Optional<String> value) {

    static List<LabelFilter> from(QueryString query) {
        return query.all("label").stream().map(LabelFilter::parse).toList();
    }

    private static LabelFilter parse(String text) {
        int equals = text.indexOf('=');
        return equals < 0 ? new LabelFilter(text, Optional.empty())
                : new LabelFilter(text.substring(0, equals), Optional.of(text.substring(equals + 1)));
    }

    boolean test(Map<String, String> labels) {
        String actual = labels.get(key);
        return actual != null && value.map(actual::equals).orElse(true);
    }

    /** @return whether the labels pass every filter */
    static boolean all(List<LabelFilter> filters, Map<String, String> labels) {
        return filters.stream().allMatch(filter -> filter.test(labels));
    }
}
