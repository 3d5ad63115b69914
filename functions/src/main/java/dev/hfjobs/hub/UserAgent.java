package dev.hfjobs.hub;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The User-Agent sent to the Hub: the project, its version and the Java runtime. */
final class UserAgent {
    static final String VALUE = "hf-jobs-serverless/" + version() + " java/" + Runtime.version().feature();

    private UserAgent() {}

    /** The version Maven wrote into version.properties; "dev" when run from unfiltered sources. */
    private static String version() {
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
