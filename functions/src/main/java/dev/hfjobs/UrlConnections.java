package dev.hfjobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * {@code HttpURLConnection} set up the one way the Hub client and the AWS JSON clients both need
 * it. (Not {@code java.net.http} nor the SDK's HTTP client: their set-up costs a plain cold start
 * 140 and 80 ms.) Connections are reused through the JDK's keep-alive cache; the caller bounds the
 * whole exchange with a {@link Watchdog}.
 */
public final class UrlConnections {
    private UrlConnections() {}

    /**
     * A connection to {@code uri}, not opened yet: no redirects followed, no caches, each connect
     * and each read bounded by {@code time} (the connect also by {@code connectTime}). A
     * {@code body} (null: none) goes in fixed-length streaming mode, so that HttpURLConnection never
     * sends the request again by itself (it repeats a buffered POST once after a stale keep-alive
     * connection): a job is created once, and a retry is the caller's to decide.
     */
    public static HttpURLConnection prepare(URI uri, String method, byte[] body, Duration connectTime,
            Duration time) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(connectTime.compareTo(time) < 0 ? connectTime : time));
        connection.setReadTimeout(millis(time));
        if (body != null) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
        }
        return connection;
    }

    /** Writes {@code body} (the one given to {@link #prepare}, or null) and reads the answer's status. */
    public static int send(HttpURLConnection connection, byte[] body) throws IOException {
        if (body != null) {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        if (status < 0) {
            throw new IOException("not an HTTP answer");
        }
        return status;
    }

    /** The answer's body: the error stream for a 4xx or 5xx; none when the answer has none. */
    public static InputStream stream(HttpURLConnection connection, int status) throws IOException {
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return body != null ? body : InputStream.nullInputStream();
    }

    /** At most {@code max} bytes of the answer's body, which is closed after (its connection kept alive). */
    public static byte[] body(HttpURLConnection connection, int status, int max) throws IOException {
        try (InputStream body = stream(connection, status)) {
            return body.readNBytes(max);
        }
    }

    private static int millis(Duration duration) {
        // 0 would mean no limit at all.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }
}
