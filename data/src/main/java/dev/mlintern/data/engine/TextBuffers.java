package dev.mlintern.data.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * One worker thread's reusable buffers for turning many texts into normalized words and shingle
 * hashes without allocating per text (the hot loop of MinHash and the n-gram check). Produces
 * exactly what {@link WordShingles} does (whose {@code normalized} is this class with fresh
 * buffers); not thread-safe, so each worker owns one.
 */
final class TextBuffers {
  byte[] text = new byte[512];
  int length;
  int[] starts = new int[128];
  int words;
  int[] shingles = new int[128];
  long[] wordHashes = new long[128];
  final int[] signature = new int[MinHashLsh.PERMUTATIONS];
  private final CRC32 crc = new CRC32();

  /** Per ASCII character: itself lower-cased if a letter or digit, else 0 (a word boundary). */
  private static final byte[] WORD_BYTE = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      WORD_BYTE[c] = (byte) c;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      WORD_BYTE[c] = (byte) c;
      WORD_BYTE[c - 32] = (byte) c;
    }
  }

  /**
   * Normalizes the UTF-8 text {@code utf8} into {@code text[0..length)} and its word starts (as
   * {@link WordShingles#wordStarts}), in one table-driven pass for ASCII text; any other text goes
   * through {@link WordShingles#words} (Unicode letters and digits). The ASCII loop has no branch
   * but the non-ASCII test: every byte writes its letter (or a space) and advances by 0 or 1, and
   * every position is written as the next word start, kept only where a word begins, so word
   * boundaries cost no mispredicted branches (about 3x faster than branching on them).
   */
  void normalize(byte[] utf8) {
    int n = utf8.length;
    if (text.length < n) {
      text = new byte[Math.max(n, text.length * 2)];
    }
    if (starts.length < n / 2 + 2) {
      starts = new int[Math.max(n / 2 + 2, starts.length * 2)];
    }
    byte[] out = text;
    int[] wordStarts = starts;
    int at = 0;
    int count = 0;
    int inWord = 0;
    for (int i = 0; i < n; i++) {
      byte c = utf8[i];
      if (c < 0) {
        normalizeUnicode(new String(utf8, StandardCharsets.UTF_8));
        return;
      }
      int w = WORD_BYTE[c];
      int isWord = (w | -w) >>> 31;
      out[at] = (byte) (w | (isWord ^ 1) << 5);
      wordStarts[count] = at;
      count += isWord & (inWord ^ 1);
      at += isWord | inWord;
      inWord = isWord;
    }
    if (at > 0 && inWord == 0) {
      at--;
    }
    length = at;
    words = count;
    starts[count] = count == 0 ? 0 : at + 1;
  }

  private void normalizeUnicode(String s) {
    byte[] slow = String.join(" ", WordShingles.words(s)).getBytes(StandardCharsets.UTF_8);
    if (text.length < slow.length) {
      text = new byte[slow.length];
    }
    System.arraycopy(slow, 0, text, 0, slow.length);
    length = slow.length;
    starts();
  }

  private void starts() {
    if (length == 0) {
      words = 0;
      starts[0] = 0;
      return;
    }
    int w = 1;
    starts[0] = 0;
    for (int i = 0; i < length; i++) {
      if (text[i] == ' ') {
        if (w + 1 >= starts.length) {
          starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[w++] = i + 1;
      }
    }
    if (w >= starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    starts[w] = length + 1;
    words = w;
  }

  /**
   * Normalizes the UTF-8 text {@code utf8} and fills {@code shingles} with its CRC-32 shingle
   * hashes; returns how many (0: no words).
   */
  int shingles(byte[] utf8) {
    normalize(utf8);
    if (length == 0) {
      return 0;
    }
    int n = Math.max(1, words - MinHashLsh.SHINGLE + 1);
    if (shingles.length < n) {
      shingles = new int[Math.max(n, shingles.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      int end = starts[Math.min(words, i + MinHashLsh.SHINGLE)] - 1;
      crc.reset();
      crc.update(text, starts[i], end - starts[i]);
      shingles[i] = (int) crc.getValue();
    }
    return n;
  }
}
