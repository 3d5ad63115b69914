package dev.hfjobs.hub;

/** The User-Agent sent to the Hub: the project, its version and the Java runtime. */
final class UserAgent {
    static final String VALUE = "hf-jobs-serverless/" + version() + " java/" + Runtime.version().feature();

    private UserAgent() {}

    private static String version() {
        String version = UserAgent.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
