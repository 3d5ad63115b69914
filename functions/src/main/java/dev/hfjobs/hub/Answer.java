package dev.hfjobs.hub;

import java.net.http.HttpHeaders;

/** A successful HTTP answer before decoding. */
record Answer(int status, HttpHeaders headers, String body) {
    String requestId() {
        return headers.firstValue("X-Request-Id").orElse(null);
    }
}
