package dev.mlintern.core.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a shell command only uses read-only commands that may run without asking. Every
 * pipeline segment must start with a listed command; command substitution, process substitution,
 * variable assignments and redirections to files make the command unlisted. A listed command cannot
 * run another program or write a file whatever its arguments: the options through which a listed
 * command would ({@code find -exec}, {@code rg --pre}, {@code sort -o}, {@code xxd -r}, {@code date
 * -s}, …) make it unlisted. {@code sed} (its {@code e} and {@code w} commands) and {@code git}
 * (hooks, fsmonitor, filters and textconv drivers from the repository's own config) can run
 * arbitrary programs and are not listed. When in doubt the answer is "unlisted", which means the
 * policy asks.
 */
final class ShellAllowlist {
  static final Set<String> COMMANDS =
      Set.of(
          "ls",
          "cat",
          "head",
          "tail",
          "wc",
          "grep",
          "egrep",
          "fgrep",
          "rg",
          "file",
          "stat",
          "du",
          "df",
          "pwd",
          "echo",
          "printf",
          "sort",
          "uniq",
          "cut",
          "tr",
          "diff",
          "cmp",
          "md5sum",
          "sha1sum",
          "sha256sum",
          "nvidia-smi",
          "which",
          "date",
          "basename",
          "dirname",
          "realpath",
          "readlink",
          "nproc",
          "free",
          "uname",
          "whoami",
          "true",
          "false",
          "test",
          "column",
          "nl",
          "xxd",
          "od",
          "jq",
          "seq",
          "find",
          "uptime",
          "env",
          "printenv");
  private static final Set<String> FIND_ACTIONS =
      Set.of(
          "-exec",
          "-execdir",
          "-ok",
          "-okdir",
          "-delete",
          "-fprint",
          "-fprintf",
          "-fprint0",
          "-fls");
  private static final Set<String> NVIDIA_SMI_QUERIES =
      Set.of("-L", "-q", "--list-gpus", "--query");

  private ShellAllowlist() {}

  static boolean listed(String command) {
    List<List<String>> segments = segments(command);
    if (segments == null || segments.isEmpty()) {
      return false;
    }
    for (List<String> words : segments) {
      if (words.isEmpty() || !listedSegment(words)) {
        return false;
      }
    }
    return true;
  }

  private static boolean listedSegment(List<String> words) {
    String name = words.get(0);
    if (!COMMANDS.contains(name)) {
      return false;
    }
    List<String> args = words.subList(1, words.size());
    return switch (name) {
      case "find" -> args.stream().noneMatch(FIND_ACTIONS::contains);
      case "rg" -> args.stream().noneMatch(a -> a.startsWith("--pre"));
      case "sort" ->
          !shortFlag(args, 'o')
              && args.stream()
                  .noneMatch(a -> a.startsWith("--output") || a.startsWith("--compress-program"));
      case "uniq" -> operands(args) <= 1;
      case "xxd" -> operands(args) <= 1 && !shortFlag(args, 'r');
      case "file" -> !shortFlag(args, 'C') && !args.contains("--compile");
      case "date" -> !shortFlag(args, 's') && args.stream().noneMatch(a -> a.startsWith("--set"));
      case "nvidia-smi" ->
          args.stream()
              .allMatch(
                  a ->
                      NVIDIA_SMI_QUERIES.contains(a)
                          || a.startsWith("--query-")
                          || a.startsWith("--format="));
      case "env" -> args.isEmpty();
      default -> true;
    };
  }

  /** True when a short option cluster ({@code -xyz}, not {@code --long}) contains {@code flag}. */
  private static boolean shortFlag(List<String> args, char flag) {
    return args.stream()
        .anyMatch(a -> a.startsWith("-") && !a.startsWith("--") && a.indexOf(flag) > 0);
  }

  /**
   * Arguments that are not options; an option's value counts too, which only errs towards asking.
   */
  private static long operands(List<String> args) {
    return args.stream().filter(a -> !a.startsWith("-")).count();
  }

  /**
   * Splits at {@code | || && ; &} and newlines outside quotes into words; null when the command
   * uses anything this check does not understand (substitutions, file redirections, assignments,
   * unbalanced quotes).
   */
  static List<List<String>> segments(String command) {
    List<List<String>> segments = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '`' || (c == '$' && i + 1 < command.length() && command.charAt(i + 1) == '(')) {
        return null;
      }
      if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < command.length()) {
          word.append(command.charAt(++i));
        } else {
          word.append(c);
        }
        continue;
      }
      switch (c) {
        case '\'', '"' -> {
          quote = c;
          inWord = true;
        }
        case '\\' -> {
          if (i + 1 < command.length()) {
            word.append(command.charAt(++i));
            inWord = true;
          }
        }
        case ' ', '\t' -> {
          inWord = flush(words, word, inWord);
        }
        case '|', '&', ';', '\n' -> {
          inWord = flush(words, word, inWord);
          segments.add(words);
          words = new ArrayList<>();
          if (i + 1 < command.length() && (command.charAt(i + 1) == c) && c != ';' && c != '\n') {
            i++;
          }
        }
        case '<', '(', ')', '{', '}' -> {
          return null;
        }
        case '>' -> {
          int skip = harmlessRedirect(command, i);
          if (skip < 0) {
            return null;
          }
          inWord = flush(words, word, inWord);
          i += skip;
        }
        default -> {
          if (c == '=' && words.isEmpty()) {
            return null;
          }
          word.append(c);
          inWord = true;
        }
      }
    }
    if (quote != 0) {
      return null;
    }
    flush(words, word, inWord);
    segments.add(words);
    segments.removeIf(List::isEmpty);
    return segments;
  }

  /**
   * {@code >/dev/null}, {@code 2>&1} and {@code 2>/dev/null} change nothing on disk; returns
   * characters to skip or -1.
   */
  private static int harmlessRedirect(String command, int at) {
    String rest = command.substring(at + 1).stripLeading();
    int spaces = command.length() - at - 1 - rest.length();
    if (rest.startsWith("&1") || rest.startsWith("&2")) {
      return spaces + 2;
    }
    if (rest.startsWith("/dev/null")) {
      return spaces + "/dev/null".length();
    }
    return -1;
  }

  private static boolean flush(List<String> words, StringBuilder word, boolean inWord) {
    if (inWord) {
      words.add(word.toString());
      word.setLength(0);
    }
    return false;
  }
}
