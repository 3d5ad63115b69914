package dev.hfjobs.devstack;

import java.nio.file.Path;

/**
 * One moto_server for this test JVM, as the functions' tests share one: stacks stay apart by name. It runs
 * Step Functions state machines; moto 5.2.1 runs one execution at a time per account and region, so a test that
 * starts one deletes its state machine when done.
 */
final class TestMoto {

    private static MotoProcess moto;
    private static StackClients aws;

    private TestMoto() {
    }

    static synchronized MotoProcess get() {
        if (moto == null) {
            moto = MotoProcess.start(0, Path.of("target/moto-server.log"));
            moto.enableStepFunctions();
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
