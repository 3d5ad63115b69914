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
 *
 * <p>A POST must never be sent twice behind the caller's back (a second job). The JDK's HTTP client
 * resends a buffered POST once when its answer cannot be read, unless {@value #RETRY_POST} is
 * false, which it reads once, when it is first used; and before a streamed POST it checks a
 * kept-alive connection with a read that waits a millisecond (measured on the loopback: a warm Hub
 * POST 2.3 ms buffered against 3.9 ms streamed). So POST bodies are buffered, and sent with their
 * headers in one write, only once the property is known to have been false from the JDK client's
 * first use: given on the command line, or set by {@link #beforeFirstConnection()} from a handler's
 * static initializer, before any HTTP in the process. Otherwise they are streamed.
 */
public final class UrlConnections {
    /** The JDK's networking property that, when false, stops it resending a POST by itself. */
    static final String RETRY_POST = "sun.net.http.retryPost";
    // False already when this class is first used: from the command line (or whoever set it then).
    private static final boolean FALSE_FROM_THE_START = "false".equalsIgnoreCase(System.getProperty(RETRY_POST));
    private static volatile boolean setBeforeAnyConnection;

    private UrlConnections() {}

    /**
     * Sets {@value #RETRY_POST} to false, for the JDK's HTTP client to read on its first use. Only a
     * handler's static initializer calls it: it runs before any HTTP in a Lambda process. A value
     * given on the command line is left as it is.
     */
    public static void beforeFirstConnection() {
        if (System.getProperty(RETRY_POST) == null) {
            System.setProperty(RETRY_POST, "false");
        }
        setBeforeAnyConnection = "false".equalsIgnoreCase(System.getProperty(RETRY_POST));
    }

    /** Whether POST bodies are buffered: the JDK's client is known never to resend them by itself. */
    public static boolean bufferedPost() {
        return FALSE_FROM_THE_START || setBeforeAnyConnection;
    }

    /**
     * A connection to {@code uri}, not opened yet: no redirects followed, no caches, each connect
     * and each read bounded by {@code time} (the connect also by {@code connectTime}). A
     * {@code body} (null: none) is buffered for a POST (see the class), else it goes in fixed-length
     * streaming mode; either way HttpURLConnection never sends the request again by itself: a job is
     * created once, and a retry is the caller's to decide. (It does resend a GET or a DELETE whose
     * answer it could not read: those are repeatable.)
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
            if (!"POST".equals(method) || !bufferedPost()) {
                connection.setFixedLengthStreamingMode(body.length);
            }
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
