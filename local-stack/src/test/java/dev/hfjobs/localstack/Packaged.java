package dev.hfjobs.localstack;

import dev.hfjobs.devstack.Ports;
import dev.hfjobs.localinvoke.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests that run the deployment package against a local-up of their own share. */
final class Packaged {
    private Packaged() {}

    /** {@code events/env.json} with moto and the emulator on free ports, as a developer would edit it. */
    static Path envJsonOnFreePorts(Path root, Path work) throws IOException {
        String text = Files.readString(root.resolve("events/env.json"))
                .replace("127.0.0.1:5000", "127.0.0.1:" + Ports.free())
                .replace("127.0.0.1:8089", "127.0.0.1:" + Ports.free());
        return Files.writeString(work.resolve("env.json"), text);
    }

    /** Local invokes through the runtime client the local-invoke module's build unpacked. */
    static Options invokeOptions(Path root) {
        return Options.defaults().withRuntimeDir(root.resolve("local-invoke/target/ric"));
    }
}
