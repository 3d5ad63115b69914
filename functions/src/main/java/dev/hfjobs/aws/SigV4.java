package dev.hfjobs.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 for the functions' own JSON-protocol calls ({@link JsonService}): a POST
 * with a body, no query string, signed in the {@code Authorization} header. Written here rather
 * than taken from the SDK's {@code AwsV4HttpSigner} because loading that signer's classes is a
 * measurable part of a cold start; {@code SigV4Test} checks every signature against it.
 *
 * <p>Adds {@code Host}, {@code x-amz-content-sha256}, {@code X-Amz-Date} and, for session
 * credentials, {@code X-Amz-Security-Token}, then signs every header the request carries
 * (lower-cased, values trimmed and inner spaces collapsed), as the SDK's signer does.
 *
 * <p>The signing key is derived once per day, region, service and secret and kept, as the SDK's
 * signer does: a call then costs one HMAC instead of five (the warm path runs this for every AWS
 * call, interpreted for its first hundred or so).
 */
final class SigV4 {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();
    // Keys of earlier days or rotated secrets are of no more use: past this size the map starts over.
    private static final int MAX_KEYS = 32;
    private static final Map<KeyScope, byte[]> KEYS = new ConcurrentHashMap<>();

    /** What a signing key is derived from. Its text leaves the secret out. */
    private record KeyScope(String day, String region, String service, String secret) {
        @Override
        public String toString() {
            return day + "/" + region + "/" + service;
        }
    }

    private SigV4() {}

    /** {@code request} (whose body is {@code payload}) signed for {@code service} in {@code region} at {@code now}. */
    static SdkHttpFullRequest sign(SdkHttpFullRequest request, byte[] payload, AwsCredentialsIdentity credentials,
            String region, String service, Instant now) {
        String amzDate = amzDate(now);
        String day = amzDate.substring(0, 8);
        String payloadHash = HEX.formatHex(sha256(payload));
        // As the SDK's signer does: Host and the payload's hash are sent, and signed, as headers.
        SdkHttpFullRequest.Builder signed = request.toBuilder().putHeader("Host", host(request))
                .putHeader("x-amz-content-sha256", payloadHash).putHeader("X-Amz-Date", amzDate);
        if (credentials instanceof AwsSessionCredentialsIdentity session) {
            signed.putHeader("X-Amz-Security-Token", session.sessionToken());
        }
        Map<String, String> headers = new TreeMap<>();
        signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), canonicalValue(values)));
        StringBuilder canonical = new StringBuilder(512).append(request.method().name()).append('\n')
                .append(request.encodedPath().isEmpty() ? "/" : request.encodedPath()).append("\n\n");
        headers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(hmac(signingKey(new KeyScope(day, region, service,
                credentials.secretAccessKey())), toSign));
        return signed.putHeader("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature).build();
    }

    /** The Host header as HTTP sends it: the port only when it is not the scheme's default. */
    static String host(SdkHttpFullRequest request) {
        int port = request.port();
        boolean standard = port == -1 || ("https".equals(request.protocol()) && port == 443)
                || ("http".equals(request.protocol()) && port == 80);
        return standard ? request.host() : request.host() + ":" + port;
    }

    private static byte[] signingKey(KeyScope scope) {
        byte[] known = KEYS.get(scope);
        if (known != null) {
            return known;
        }
        byte[] key = hmac(("AWS4" + scope.secret()).getBytes(StandardCharsets.UTF_8), scope.day());
        for (String part : List.of(scope.region(), scope.service(), "aws4_request")) {
            key = hmac(key, part);
        }
        if (KEYS.size() >= MAX_KEYS) {
            KEYS.clear();
        }
        KEYS.put(scope, key);
        return key;
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC. */
    static String amzDate(Instant now) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder date = new StringBuilder(16);
        pad(date, t.getYear(), 4);
        pad(date, t.getMonthValue(), 2);
        pad(date, t.getDayOfMonth(), 2);
        date.append('T');
        pad(date, t.getHour(), 2);
        pad(date, t.getMinute(), 2);
        pad(date, t.getSecond(), 2);
        return date.append('Z').toString();
    }

    private static void pad(StringBuilder to, int value, int width) {
        String digits = Integer.toString(value);
        to.repeat('0', Math.max(0, width - digits.length())).append(digits);
    }

    /** The values joined by commas, each trimmed and its runs of spaces folded into one. */
    static String canonicalValue(List<String> values) {
        if (values.size() == 1) {
            return folded(values.getFirst());
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            joined.append(i == 0 ? "" : ",").append(folded(values.get(i)));
        }
        return joined.toString();
    }

    private static String folded(String value) {
        String stripped = value.strip();
        if (!stripped.contains("  ")) {
            return stripped;
        }
        StringBuilder folded = new StringBuilder(stripped.length());
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c != ' ' || folded.charAt(folded.length() - 1) != ' ') {
                folded.append(c);
            }
        }
        return folded.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
