package dev.hfjobs.testing;

import dev.hfjobs.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lines {@link Log} writes during each test, captured instead of printed (register it with
 * {@code @RegisterExtension}); the previous destination is restored after the test.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private Consumer<String> previous;

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        previous = Log.redirect(lines::add);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Log.redirect(previous);
    }

    /** The lines written so far in this test, in order (the live list). */
    public List<String> lines() {
        return lines;
    }
}
