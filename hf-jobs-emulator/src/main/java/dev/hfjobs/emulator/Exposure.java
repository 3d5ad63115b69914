package dev.hfjobs.emulator;

import java.util.List;

/**
 * How a job can be reached from outside: exposed ports ({@code "expose": {"ports": [...]}}) and SSH
 * ({@code "ssh": {"enabled": true}}).
 *
 * @param ports the container ports served at {@code https://<job id>--<port>.hf.jobs}, in the order sent
 * @param ssh   whether the job is reachable at {@code ssh://<job id>@ssh.hf.jobs}
 */
record Exposure(List<Integer> ports, boolean ssh) {

    static final Exposure NONE = new Exposure(List.of(), false);

    Exposure {
        ports = List.copyOf(ports);
    }
}
