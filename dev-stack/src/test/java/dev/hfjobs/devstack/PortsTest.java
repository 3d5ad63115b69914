package dev.hfjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aListeningPortIsNotFree() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.isFree(listening.getLocalPort())).isFalse();
        }
    }

    @Test
    void aStoppedServersLingeringConnectionsLeaveItsPortFree() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            port = server.getLocalPort();
            server.accept().close(); // the server side closes first: its end stays in TIME_WAIT
        }

        assertThat(Ports.isFree(port)).isTrue();
    }
}
