package dev.hfjobs.submit;

import dev.hfjobs.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.WhoAmI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The namespace a request without one goes to: {@code HF_NAMESPACE}, else the token owner's name
 * from {@code whoami-v2}, asked once per container (that endpoint is rate-limited hard).
 */
public final class NamespaceResolver {
    private final Optional<String> configured;
    private final HfJobsClient hub;
    private final AtomicReference<WhoAmI> owner = new AtomicReference<>();

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
        return owner(deadline).map(WhoAmI::name);
    }

    /**
     * Who the service acts as: the default namespace first, then every other namespace the token
     * reaches (its user and organizations), from one whoami per container.
     */
    public HubResult<List<String>> namespaces(Deadline deadline) {
        return owner(deadline).map(whoami -> {
            Set<String> all = new LinkedHashSet<>();
            configured.ifPresent(all::add);
            all.add(whoami.name());
            all.addAll(whoami.orgs());
            return List.copyOf(all);
        });
    }

    private HubResult<WhoAmI> owner(Deadline deadline) {
        WhoAmI known = owner.get();
        if (known != null) {
            return new HubResult.Ok<>(known);
        }
        HubResult<WhoAmI> asked = hub.whoami(deadline);
        if (asked instanceof HubResult.Ok<WhoAmI>(WhoAmI whoami)) {
            owner.compareAndSet(null, whoami);
        }
        return asked;
    }
}
