package dev.mlintern.compute.shipping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes files into a gzip-compressed ustar archive, the format Python's {@code tarfile} and every
 * {@code tar} read. Only regular files (mode 0644, or 0755 when executable here); folders are
 * implied by the paths.
 */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /**
   * The archive of {@code files} (archive path → file on this machine) and {@code generated}
   * (archive path → content), in the maps' order.
   */
  static byte[] write(Map<String, Path> files, Map<String, byte[]> generated) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : generated.entrySet()) {
        gzip.write(header(file.getKey(), file.getValue().length, false));
        gzip.write(file.getValue());
        pad(gzip, file.getValue().length);
      }
      for (Map.Entry<String, Path> file : files.entrySet()) {
        long size = Files.size(file.getValue());
        boolean executable = Files.isExecutable(file.getValue());
        gzip.write(header(file.getKey(), size, executable));
        try (var in = Files.newInputStream(file.getValue())) {
          long copied = in.transferTo(gzip);
          if (copied != size) {
            throw new IOException(file.getValue() + " changed while it was archived");
          }
        }
        pad(gzip, size);
      }
      gzip.write(new byte[2 * BLOCK]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(String path, long size, boolean executable) {
    byte[] h = new byte[BLOCK];
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    int split = name.length <= 100 ? -1 : path.lastIndexOf('/', Math.min(path.length() - 1, 155));
    if (split >= 0) {
      put(h, 345, path.substring(0, split).getBytes(StandardCharsets.UTF_8), 155);
      name = path.substring(split + 1).getBytes(StandardCharsets.UTF_8);
    }
    if (name.length > 100) {
      throw new IllegalArgumentException("path too long for the job bundle: " + path);
    }
    put(h, 0, name, 100);
    octal(h, 100, 8, executable ? 0755 : 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0);
    h[156] = '0';
    put(h, 257, "ustar".getBytes(StandardCharsets.US_ASCII), 6);
    h[263] = '0';
    h[264] = '0';
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    return h;
  }

  private static void put(byte[] h, int at, byte[] value, int max) {
    if (value.length > max) {
      throw new IllegalArgumentException("tar header field too long");
    }
    System.arraycopy(value, 0, h, at, value.length);
  }

  /** An octal number padded with zeros and ended by a NUL, {@code width} bytes in all. */
  private static void octal(byte[] h, int at, int width, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > width - 1) {
      throw new IllegalArgumentException("file too large for the job bundle");
    }
    String padded = "0".repeat(width - 1 - digits.length()) + digits;
    put(h, at, padded.getBytes(StandardCharsets.US_ASCII), width - 1);
  }

  private static void pad(OutputStream out, long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }
}
