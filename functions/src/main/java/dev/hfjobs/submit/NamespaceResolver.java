package dev.hfjobs.submit;

import dev.hfjobs.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.WhoAmI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The namespace a request without one goes to: {@code HF_NAMESPACE}, else the token owner's name
 * from {@code whoami-v2}, asked once per container (that endpoint is rate-limited hard).
 */
public final class NamespaceResolver {
    private final Optional<String> configured;
    private final HfJobsClient hub;
    private final AtomicReference<String> owner = new AtomicReference<>();

    public NamespaceResolver(Optional<String> configured, HfJobsClient hub) {
        this.configured = configured.filter(ns -> !ns.isBlank());
        this.hub = hub;
    }

    /** The namespace asked for, else the default; a failed whoami passes its error on. */
    public HubResult<String> resolve(Optional<String> requested, Deadline deadline) {
        if (requested.isPresent()) {
            return new HubResult.Ok<>(requested.get());
        }
        if (configured.isPresent()) {
            return new HubResult.Ok<>(configured.get());
        }
        String known = owner.get();
        if (known != null) {
            return new HubResult.Ok<>(known);
        }
        HubResult<String> asked = hub.whoami(deadline).map(WhoAmI::name);
        if (asked instanceof HubResult.Ok<String>(String name)) {
            owner.compareAndSet(null, name);
        }
        return asked;
    }
}
