package dev.hfjobs.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps the names of secrets and drops their values, wherever a value must not travel on. */
final class SecretNames {
    private SecretNames() {}

    static Map<String, String> namesOnly(Map<String, String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            return Map.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        secrets.keySet().forEach(name -> names.put(name, null));
        return Collections.unmodifiableMap(names);
    }
}
