package dev.hfjobs.localinvoke;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The runtime's stdout and stderr, which go to a file: a file (unlike a pipe) holds everything
 * the runtime wrote before it posted an answer, so an invocation's logs are exact, and they
 * survive the process being killed. A thread follows the file and passes complete lines on.
 */
final class OutputTail {

    private static final long POLL_MS = 20;

    private final Path file;
    private final Consumer<String> listener;
    private final Thread follower;
    private long forwarded;
    private volatile boolean stopped;

    private OutputTail(Path file, Consumer<String> listener) {
        this.file = file;
        this.listener = listener;
        this.follower = Thread.ofPlatform().daemon().name("runtime-output").unstarted(this::follow);
    }

    static OutputTail start(Path file, Consumer<String> listener) {
        OutputTail tail = new OutputTail(file, listener);
        tail.follower.start();
        return tail;
    }

    /** Bytes written so far. */
    long size() {
        return file.toFile().length();
    }

    /** The text written from {@code offset} on. */
    String since(long offset) {
        return new String(read(offset, false), StandardCharsets.UTF_8);
    }

    /** Passes on every complete line written so far. */
    synchronized void flush() {
        forward(false);
    }

    /** Passes on the rest, a last unterminated line included, and stops following. */
    synchronized void stop() {
        stopped = true;
        follower.interrupt();
        forward(true);
    }

    private void follow() {
        while (!stopped) {
            flush();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void forward(boolean everything) {
        byte[] bytes = read(forwarded, !everything);
        if (bytes.length == 0) {
            return;
        }
        forwarded += bytes.length;
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        for (String line : text.split("\n", -1)) {
            listener.accept(line);
        }
    }

    /** Bytes from {@code offset} to the end, or only up to the last newline. */
    private byte[] read(long offset, boolean wholeLinesOnly) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= offset) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read until full
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return wholeLinesOnly ? upToLastNewline(bytes) : bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] upToLastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return Arrays.copyOf(bytes, i + 1);
            }
        }
        return new byte[0];
    }
}
