package dev.hfjobs.hub;


/** A successful HTTP answer before decoding. */
record Answer(int status, Headers headers, String body) {
    String requestId() {
        return headers.firstValue("X-Request-Id").orElse(null);
    }
}
