package dev.hfjobs.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: whether one is free, and a free one. */
public final class Ports {

    private Ports() {
    }

    /**
     * Whether a server could listen on 127.0.0.1:{@code port} now (another process may take it right
     * after). Connections of a server that just stopped linger in TIME_WAIT for a minute; servers
     * (moto_server, the JDK's) bind with SO_REUSEADDR and do not mind them, so neither does this.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DevStackException("no free port on 127.0.0.1", e);
        }
    }
}
