package dev.mlintern.data.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * How texts become words and shingles, shared by MinHash and the n-gram check (and mirrored by the benchmark's
 * Python twin): lower-cased runs of letters and digits, joined by single spaces as UTF-8, cut into word shingles
 * hashed with CRC-32.
 */
final class WordShingles {
  private WordShingles() {}

  /** CRC-32 hashes of the text's word shingles (one shingle of all words when there are fewer than MinHashLsh.SHINGLE). */
  static int[] shingles(String text) {
    byte[] normalized = normalized(text);
    if (normalized.length == 0) {
      return new int[0];
    }
    int[] starts = wordStarts(normalized);
    int words = starts.length - 1;
    int n = Math.max(1, words - MinHashLsh.SHINGLE + 1);
    int[] out = new int[n];
    CRC32 crc = new CRC32();
    for (int i = 0; i < n; i++) {
      int end = starts[Math.min(words, i + MinHashLsh.SHINGLE)] - 1;
      crc.reset();
      crc.update(normalized, starts[i], end - starts[i]);
      out[i] = (int) crc.getValue();
    }
    return out;
  }

  /** Offsets where each word of a normalized text starts, plus one past the end (as if a space followed the last). */
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

  /** The text's words, lower-cased, as UTF-8 joined by single spaces: the bytes the shingles are cut from. */
  static byte[] normalized(String text) {
    int length = text.length();
    byte[] out = new byte[length];
    int n = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return String.join(" ", words(text)).getBytes(StandardCharsets.UTF_8);
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out[n++] = (byte) c;
      } else if (c >= 'A' && c <= 'Z') {
        out[n++] = (byte) (c + 32);
      } else if (n > 0 && out[n - 1] != ' ') {
        out[n++] = ' ';
      }
    }
    if (n > 0 && out[n - 1] == ' ') {
      n--;
    }
    return java.util.Arrays.copyOf(out, n);
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

  static double jaccard(int[] x, int[] y) {
    if (x.length == 0 || y.length == 0) {
      return 0;
    }
    Set<Integer> a = new HashSet<>();
    for (int v : x) {
      a.add(v);
    }
    Set<Integer> b = new HashSet<>();
    for (int v : y) {
      b.add(v);
    }
    int inter = 0;
    for (int v : b) {
      if (a.contains(v)) {
        inter++;
      }
    }
    return (double) inter / (a.size() + b.size() - inter);
  }
}
