package dev.hfjobs.submit;

import dev.hfjobs.model.SubmitRequest;
import dev.hfjobs.model.Wire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fingerprint of a request, stored with its idempotency key so that reusing the key for another
 * request is noticed. Secret values are left out (names only): a hash of a short secret could be
 * reversed by guessing, and the store must hold nothing derived from one. Secret references are in:
 * the same key with a reference to another secret is another request.
 */
final class RequestHash {
    private RequestHash() {}

    static String of(String namespace, SubmitRequest request) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("namespace", namespace);
        canonical.put("spec", request.spec().redacted());
        if (!request.secretReferences().isEmpty()) {
            canonical.put("secretReferences", request.secretReferences());
        }
        return sha256(Wire.write(canonical));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
