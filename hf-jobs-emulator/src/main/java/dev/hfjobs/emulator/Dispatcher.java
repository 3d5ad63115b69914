package dev.hfjobs.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Serves every request: admin calls go straight to the admin API; Hub API calls are recorded,
 * delayed, possibly faulted, then routed.
 */
final class Dispatcher implements HttpHandler {

    static final String ADMIN_PREFIX = "/_emulator/";

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final Hub hub;
    private final Faults faults;
    private final RequestLog log;
    private final Access access;
    private final Router api;
    private final Router admin;
    private final Ids ids = new Ids();

    Dispatcher(Hub hub, Faults faults, RequestLog log, String authority) {
        this.hub = hub;
        this.faults = faults;
        this.log = log;
        this.access = new Access(hub.directory());
        JobsApi jobs = new JobsApi(hub, authority);
        ScheduledJobsApi scheduled = new ScheduledJobsApi(hub);
        this.api = new Router(concat(jobs.routes(), scheduled.routes()));
        this.admin = new Router(new AdminApi(hub, faults, log).routes());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = ids.requestId(hub.now());
        try (exchange) {
            Call call = Call.read(exchange, hub.now());
            Reply reply = call.path().startsWith(ADMIN_PREFIX) ? serveAdmin(call) : serveApi(call);
            ReplyWriter.write(exchange, reply, requestId);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        }
    }

    private Reply serveAdmin(Call call) {
        return guarded(() -> {
            hub.catchUp();
            return Router.answer(admin.match(call.method(), call.path()), call);
        });
    }

    private Reply serveApi(Call call) {
        log.add(call.recorded(access.userName(call)));
        pause(hub.settings().latency());
        Optional<Reply> injected = faults.before(call);
        if (injected.isPresent()) {
            return injected.get();
        }
        Router.Match match = api.match(call.method(), call.path());
        Reply reply = guarded(() -> {
            hub.catchUp();
            return Router.answer(match, call);
        });
        return faults.after(match, reply);
    }

    private static Reply guarded(Supplier<Reply> serve) {
        try {
            return serve.get();
        } catch (Rejection rejection) {
            return rejection.reply();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "emulator failure", e);
            return new Reply.Failure(500, "Internal emulator error: " + e, Map.of());
        }
    }

    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
