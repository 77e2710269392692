package dev.mlintern.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The web UI's access token, kept in {@code $MLINTERN_HOME/web-token} (mode 0600) so a server
 * restart keeps browsers signed in; {@link #rotate} replaces it, which signs every browser out.
 * Comparison is constant-time.
 */
public final class AccessToken {
  public static final String FILE_NAME = "web-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;

  private AccessToken(String value) {
    this.value = value;
  }

  /** The token stored under {@code home}, created on first use. */
  public static AccessToken load(Path home) {
    Path file = home.resolve(FILE_NAME);
    try {
      if (Files.isRegularFile(file)) {
        String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (stored.length() >= 16) {
          return new AccessToken(stored);
        }
      }
      return rotate(home);
    } catch (IOException e) {
      throw new WebException("cannot read the web token " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a fresh token under {@code home}, replacing any previous one. */
  public static AccessToken rotate(Path home) {
    String token = fresh();
    Path file = home.resolve(FILE_NAME);
    try {
      Files.createDirectories(home);
      Path temp = home.resolve(FILE_NAME + ".tmp");
      Files.deleteIfExists(temp);
      try {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(temp);
      }
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new AccessToken(token);
    } catch (IOException e) {
      throw new WebException("cannot write the web token " + file + ": " + e.getMessage(), e);
    }
  }

  /** A token held only in memory (tests, benchmarks). */
  public static AccessToken of(String value) {
    return new AccessToken(value);
  }

  public String value() {
    return value;
  }

  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** The CSRF token pages embed: derived from the access token, so it survives restarts with it. */
  public String csrf() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("mlintern-csrf:" + value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fresh() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "AccessToken[redacted]";
  }
}
