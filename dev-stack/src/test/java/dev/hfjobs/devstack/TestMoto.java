package dev.hfjobs.devstack;

import java.nio.file.Path;

/** One moto_server for this test JVM, as the functions' tests share one: stacks stay apart by name. */
final class TestMoto {

    private static MotoProcess moto;
    private static StackClients aws;

    private TestMoto() {
    }

    static synchronized MotoProcess get() {
        if (moto == null) {
            moto = MotoProcess.start(0, Path.of("target/moto-server.log"));
            aws = StackClients.forEndpoint(moto.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(moto::close, "moto-server-stop"));
        }
        return moto;
    }

    static synchronized StackClients aws() {
        get();
        return aws;
    }
}
