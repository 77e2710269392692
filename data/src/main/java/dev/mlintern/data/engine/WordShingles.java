package dev.mlintern.data.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How texts become words and shingles, shared by MinHash and the n-gram check (and mirrored by the
 * benchmark's Python twin): lower-cased runs of letters and digits, joined by single spaces as
 * UTF-8, cut into word shingles hashed with CRC-32.
 */
final class WordShingles {
  private WordShingles() {}

  /**
   * CRC-32 hashes of the text's word shingles (one shingle of all words when there are fewer than
   * MinHashLsh.SHINGLE).
   */
  static int[] shingles(String text) {
    return shingles(text.getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #shingles(String)}, for UTF-8 text. */
  static int[] shingles(byte[] utf8) {
    TextBuffers buffers = new TextBuffers();
    int n = buffers.shingles(utf8); // first: it may replace the buffers.shingles array
    return Arrays.copyOf(buffers.shingles, n);
  }

  /**
   * Offsets where each word of a normalized text starts, plus one past the end (as if a space
   * followed the last).
   */
  static int[] wordStarts(byte[] text) {
    if (text.length == 0) {
      return new int[] {0};
    }
    int words = 1;
    for (byte b : text) {
      if (b == ' ') {
        words++;
      }
    }
    int[] starts = new int[words + 1];
    for (int i = 0, w = 1; i < text.length; i++) {
      if (text[i] == ' ') {
        starts[w++] = i + 1;
      }
    }
    starts[words] = text.length + 1;
    return starts;
  }

  /**
   * The text's words, lower-cased, as UTF-8 joined by single spaces: the bytes the shingles are cut
   * from.
   */
  static byte[] normalized(byte[] utf8) {
    TextBuffers buffers = new TextBuffers();
    buffers.normalize(utf8);
    return Arrays.copyOf(buffers.text, buffers.length);
  }

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        word.appendCodePoint(Character.toLowerCase(cp));
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * Jaccard similarity of the two shingle sets (duplicates within one text count once): both
   * sorted, then merged, with no boxing.
   */
  static double jaccard(int[] x, int[] y) {
    if (x.length == 0 || y.length == 0) {
      return 0;
    }
    int[] a = x.clone();
    int[] b = y.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    int i = 0;
    int j = 0;
    int inter = 0;
    int union = 0;
    while (i < a.length || j < b.length) {
      int next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      boolean inA = i < a.length && a[i] == next;
      boolean inB = j < b.length && b[j] == next;
      union++;
      if (inA && inB) {
        inter++;
      }
      while (i < a.length && a[i] == next) {
        i++;
      }
      while (j < b.length && b[j] == next) {
        j++;
      }
    }
    return (double) inter / union;
  }
}
