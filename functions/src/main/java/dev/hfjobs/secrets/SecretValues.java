package dev.hfjobs.secrets;

import dev.hfjobs.Deadline;

/** Reads the value a job secret reference points to. */
public interface SecretValues {

    /** What a read found; no variant but {@link Found} holds a value. */
    sealed interface Lookup {
        /** The value, to be sent to the Hub and nowhere else. */
        record Found(String value) implements Lookup {
            @Override
            public String toString() {
                return "Found[value=***]";
            }
        }

        /**
         * The reference cannot be read and will not be by retrying: missing, denied, not decryptable,
         * not a SecureString, no such JSON key.
         *
         * @param why a phrase naming no value, e.g. "was not found"
         */
        record Refused(String why) implements Lookup {}

        /**
         * Reading failed in a way that may pass: throttled, 5xx, timeout, network.
         *
         * @param why a phrase naming no value
         */
        record Unavailable(String why) implements Lookup {}
    }

    /** Reads one reference within the deadline; never throws for AWS trouble. */
    Lookup read(SecretReference reference, Deadline deadline);
}
