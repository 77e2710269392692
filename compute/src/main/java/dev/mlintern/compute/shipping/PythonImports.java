package dev.mlintern.compute.shipping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a Python file's imports to the modules that exist beside it or under the given search
 * folders ({@code import helpers}, {@code from lib.text import clean}, {@code from . import x}),
 * transitively, reading each file's import lines (including those inside functions). Modules that
 * are not files there (the standard library, installed packages) are left to the job's image and
 * dependencies.
 */
final class PythonImports {
  private static final Pattern IMPORT =
      Pattern.compile("^[ \\t]*import[ \\t]+([\\w. \\t,]+)", Pattern.MULTILINE);
  private static final Pattern FROM =
      Pattern.compile(
          "^[ \\t]*from[ \\t]+(\\.*)([\\w.]*)[ \\t]+import[ \\t]+(\\([^)]*\\)|[^\\n#;]+)",
          Pattern.MULTILINE);

  private PythonImports() {}

  /**
   * The Python files {@code start} imports, directly or not, found under {@code roots} or beside
   * the importing file, and accepted by {@code shippable}; {@code start} itself is not in the
   * result.
   */
  static Set<Path> follow(List<Path> start, List<Path> roots, Predicate<Path> shippable) {
    Set<Path> found = new LinkedHashSet<>();
    Set<Path> seen = new LinkedHashSet<>(start);
    Deque<Path> queue = new ArrayDeque<>(start);
    while (!queue.isEmpty()) {
      Path file = queue.pop();
      for (Path module : imported(file, roots)) {
        Path normal = module.toAbsolutePath().normalize();
        if (shippable.test(normal) && seen.add(normal)) {
          found.add(normal);
          queue.add(normal);
        }
      }
    }
    return found;
  }

  private static List<Path> imported(Path file, List<Path> roots) {
    String source;
    try {
      source = Files.readString(file);
    } catch (java.nio.charset.MalformedInputException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> bases = new ArrayList<>(roots);
    bases.add(0, file.getParent());
    List<Path> out = new ArrayList<>();
    Matcher plain = IMPORT.matcher(source);
    while (plain.find()) {
      for (String name : names(plain.group(1))) {
        for (Path base : bases) {
          out.addAll(resolve(base, name));
        }
      }
    }
    Matcher from = FROM.matcher(source);
    while (from.find()) {
      int dots = from.group(1).length();
      String module = from.group(2);
      List<String> names = names(from.group(3).replace("(", "").replace(")", ""));
      List<Path> searched = bases;
      if (dots > 0) {
        Path base = file.getParent();
        for (int i = 1; i < dots && base != null; i++) {
          base = base.getParent();
        }
        searched = base == null ? List.of() : List.of(base);
      }
      for (Path base : searched) {
        if (!module.isEmpty()) {
          out.addAll(resolve(base, module));
        }
        for (String name : names) {
          out.addAll(resolve(base, module.isEmpty() ? name : module + "." + name));
        }
      }
    }
    return out;
  }

  /** {@code a.b as c, d} → {@code [a.b, d]}. */
  private static List<String> names(String list) {
    List<String> names = new ArrayList<>();
    for (String part : list.split(",")) {
      String name = part.strip().split("\\s+")[0];
      if (name.matches("[A-Za-z_][\\w.]*")) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The files of module {@code dotted} under {@code base}: its {@code .py} or package {@code
   * __init__.py} and the {@code __init__.py} of every package above it; empty when it is not there.
   */
  private static List<Path> resolve(Path base, String dotted) {
    String[] parts = dotted.split("\\.");
    List<Path> files = new ArrayList<>();
    Path dir = base;
    for (int i = 0; i < parts.length - 1; i++) {
      dir = dir.resolve(parts[i]);
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      Path init = dir.resolve("__init__.py");
      if (Files.isRegularFile(init)) {
        files.add(init);
      }
    }
    String last = parts[parts.length - 1];
    Path module = dir.resolve(last + ".py");
    Path init = dir.resolve(last).resolve("__init__.py");
    if (Files.isRegularFile(module)) {
      files.add(module);
    } else if (Files.isRegularFile(init)) {
      files.add(init);
    } else {
      return List.of();
    }
    return files;
  }
}
