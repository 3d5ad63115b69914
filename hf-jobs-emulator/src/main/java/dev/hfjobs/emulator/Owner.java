package dev.hfjobs.emulator;

/**
 * A Hub account as jobs name it: {@code {"id", "name", "type"}} with type {@code user} or
 * {@code org}.
 */
record Owner(String id, String name, String type) {

    static Owner user(String name) {
        return new Owner(Ids.stable("user:" + name), name, "user");
    }

    static Owner org(String name) {
        return new Owner(Ids.stable("org:" + name), name, "org");
    }
}
