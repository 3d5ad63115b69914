package dev.hfjobs.hub;

import dev.hfjobs.Deadline;

/**
 * Where the Hugging Face token comes from. Implementations cache the value per container and must
 * never put it in a log line, a message or an exception.
 */
public interface TokenProvider {
    /**
     * The current token, read within {@code deadline} when it is not cached.
     *
     * @throws TokenUnavailableException when it cannot be read; the message names the source
     *     (e.g. the secret id), never a value, and says whether trying again later may help
     */
    String token(Deadline deadline);

    /** Forgets the cached token, so that the next {@link #token} reads it again (after a 401). */
    void invalidate();
}
