package dev.hfjobs.emulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A raw query string and its decoded pairs, in order, keys repeatable.
 *
 * @param raw   the query as sent, without {@code ?}; empty when none
 * @param pairs the decoded key/value pairs
 */
record QueryString(String raw, List<Map.Entry<String, String>> pairs) {

    QueryString {
        pairs = List.copyOf(pairs);
    }

    static QueryString parse(String raw) {
        String query = raw == null ? "" : raw;
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : query.split("&")) {
            if (!part.isEmpty()) {
                int equals = part.indexOf('=');
                String key = equals < 0 ? part : part.substring(0, equals);
                String value = equals < 0 ? "" : part.substring(equals + 1);
                pairs.add(Map.entry(decode(key), decode(value)));
            }
        }
        return new QueryString(query, pairs);
    }

    List<String> all(String key) {
        return pairs.stream().filter(pair -> pair.getKey().equals(key)).map(Map.Entry::getValue).toList();
    }

    Optional<String> first(String key) {
        return all(key).stream().findFirst();
    }

    /** @return the raw query with every {@code key} pair replaced by one {@code key=value} at the end */
    String replacing(String key, String value) {
        List<String> kept = new ArrayList<>();
        for (String part : raw.split("&")) {
            String partKey = decode(part.contains("=") ? part.substring(0, part.indexOf('=')) : part);
            if (!part.isEmpty() && !partKey.equals(key)) {
                kept.add(part);
            }
        }
        kept.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return String.join("&", kept);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
