package dev.mlintern.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File checksums as lower-case hex: sha256 (what outputs record and LFS files are named by) and the
 * git blob sha1 (what the Hub reports for small files). Streams the file, so size does not matter.
 */
public final class ContentHash {
  private ContentHash() {}

  public static String sha256(Path file) throws IOException {
    return digest(file, "SHA-256", new byte[0]);
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** sha1 of {@code "blob <size>\0" + content}, git's object id for the file. */
  public static String gitBlobSha1(Path file) throws IOException {
    return digest(
        file, "SHA-1", ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
  }

  private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      md.update(prefix);
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
