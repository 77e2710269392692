package dev.mlintern.compute;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Our job ids: {@code j-} and 12 lowercase base32 characters, independent of any executor's native
 * id.
 */
public final class JobIds {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final Pattern SHAPE = Pattern.compile("j-[a-z2-7]{12}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobIds() {}

  public static String next() {
    StringBuilder id = new StringBuilder("j-");
    for (int i = 0; i < 12; i++) {
      id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  public static boolean valid(String id) {
    return id != null && SHAPE.matcher(id).matches();
  }
}
