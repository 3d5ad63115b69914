import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the deployment package: copies each runtime jar with its entries stored, not
 * deflated. A class loaded from a stored entry is read, not inflated, which a cold start does for
 * about a thousand classes; the package stays as small, because the zip around the jars deflates them.
 *
 * <p>Usage: {@code java StoredJars.java <outputDir> <jar>...} (a source-file program: the build
 * runs it with the JDK that runs Maven, without compiling it into the functions).
 */
public final class StoredJars {
    private StoredJars() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: StoredJars <outputDir> <jar>...");
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        for (String jar : List.of(args).subList(1, args.length)) {
            Path source = Path.of(jar);
            store(source, out.resolve(source.getFileName()));
        }
    }

    private static void store(Path source, Path target) throws IOException {
        try (InputStream file = Files.newInputStream(source);
                ZipInputStream in = new ZipInputStream(file);
                OutputStream sink = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(sink)) {
            out.setMethod(ZipOutputStream.STORED);
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(bytes.length);
                stored.setCompressedSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                stored.setCrc(crc.getValue());
                // The source's times, so that a rebuild from the same jars makes the same bytes.
                stored.setTime(entry.getTime());
                out.putNextEntry(stored);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }
}
