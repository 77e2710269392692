package dev.mlintern.autopilot.goal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds a goal's training and test files: the ones its {@code key: value} lines or its words name,
 * the data files inside a folder it names, or the obvious CSV, Parquet or JSONL files of the
 * project folder. Paths come back relative to the project folder; anything that does not exist or
 * lies outside it is refused.
 */
final class DataFiles {
  /** The files chosen, or the problem that stopped the choice. */
  record Choice(String train, String test, Understanding problem) {
    static Choice problem(Understanding problem) {
      return new Choice(null, null, problem);
    }
  }

  private static final List<String> SKIPPED =
      List.of("mlintern-runs", "recipes", "node_modules", "venv", "__pycache__", "target");

  private final Optional<Path> workspace;

  DataFiles(Optional<Path> workspace) {
    this.workspace = workspace.map(p -> p.toAbsolutePath().normalize());
  }

  Choice choose(GoalText words) {
    if (words.keys().containsKey("train")) {
      return checked(words.keys().get("train"), words.keys().get("test"));
    }
    List<String> files = new ArrayList<>();
    for (String mention : words.paths()) {
      Optional<Path> folder = workspace.map(ws -> ws.resolve(mention)).filter(Files::isDirectory);
      if (folder.isPresent()) {
        Choice inside = pick(dataFilesIn(folder.get(), 1), "in " + mention);
        if (inside.problem() != null || inside.train() != null) {
          return inside;
        }
      } else if (isDataFile(mention)) {
        files.add(mention);
      } else if (workspace.isPresent() && (mention.startsWith("./") || mention.endsWith("/"))) {
        return Choice.problem(
            new Understanding.Refusal(
                "no folder " + mention + " in " + workspace.get() + "; check the path"));
      }
    }
    if (!files.isEmpty()) {
      List<String> tests = files.stream().filter(DataFiles::testNamed).toList();
      List<String> trains = files.stream().filter(f -> !testNamed(f)).toList();
      String train = trains.isEmpty() ? null : trains.get(0);
      String test = !tests.isEmpty() ? tests.get(0) : trains.size() > 1 ? trains.get(1) : null;
      if (train == null) {
        return Choice.problem(
            new Understanding.Question(
                "Which file holds the training data? The goal names only "
                    + String.join(", ", tests)
                    + "; answer with a line like 'training data: data/train.csv'."));
      }
      return checked(train, test);
    }
    if (workspace.isEmpty()) {
      return Choice.problem(
          new Understanding.Question(
              "Which file holds the training data? Answer with a line like 'training data:"
                  + " data/train.csv'."));
    }
    return pick(dataFilesIn(workspace.get(), 2), "in the project folder " + workspace.get());
  }

  /** The training and test files among a folder's data files, or a question naming them. */
  private Choice pick(List<String> found, String where) {
    if (found.isEmpty()) {
      return Choice.problem(
          new Understanding.Question(
              "No data file (CSV, Parquet or JSONL) found "
                  + where
                  + ". Which file holds the training data? Name it in the goal, e.g. 'on"
                  + " data/train.csv'."));
    }
    List<String> trains = found.stream().filter(f -> name(f).contains("train")).toList();
    List<String> tests = found.stream().filter(DataFiles::testNamed).toList();
    List<String> others = found.stream().filter(f -> !testNamed(f)).toList();
    String train = trains.size() == 1 ? trains.get(0) : others.size() == 1 ? others.get(0) : null;
    if (train == null) {
      return Choice.problem(
          new Understanding.Question(
              "Which file holds the training data: "
                  + String.join(", ", others.isEmpty() ? found : others)
                  + "? Answer with a line like 'training data: "
                  + (others.isEmpty() ? found : others).get(0)
                  + "'."));
    }
    return checked(train, tests.size() == 1 ? tests.get(0) : null);
  }

  private Choice checked(String train, String test) {
    if (test == null) {
      test = siblingTest(train).orElse(null);
    }
    Choice checked = new Choice(relative(train), test == null ? null : relative(test), null);
    for (String file : Stream.of(train, test).filter(f -> f != null).toList()) {
      Optional<Understanding> problem = problem(file);
      if (problem.isPresent()) {
        return Choice.problem(problem.get());
      }
    }
    return checked;
  }

  /** The one test file beside a training file named like one (data/train.csv → data/test.csv). */
  private Optional<String> siblingTest(String train) {
    if (workspace.isEmpty() || !name(train).contains("train")) {
      return Optional.empty();
    }
    Path folder = workspace.get().resolve(train).normalize().getParent();
    if (folder == null || !folder.startsWith(workspace.get()) || !Files.isDirectory(folder)) {
      return Optional.empty();
    }
    List<String> tests = dataFilesIn(folder, 1).stream().filter(DataFiles::testNamed).toList();
    return tests.size() == 1 ? Optional.of(tests.get(0)) : Optional.empty();
  }

  /** Why a named file cannot be used, if it cannot. */
  private Optional<Understanding> problem(String file) {
    if (workspace.isEmpty()) {
      return Optional.empty();
    }
    Path ws = workspace.get();
    Path path = ws.resolve(file).normalize();
    if (!path.startsWith(ws)) {
      return refusal(
          file
              + " is outside the project folder "
              + ws
              + "; copy it in, or run with --workspace set to a folder that holds it");
    }
    if (!Files.exists(path)) {
      return refusal(file + ": no such file in the project folder " + ws + "; check the path");
    }
    if (Files.isDirectory(path)) {
      return refusal(file + " is a folder; name the training file inside it");
    }
    if (!readableByJobs(path)) {
      return refusal(file + " cannot be read (permission denied); fix its permissions");
    }
    String lower = file.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".csv")) {
      return refusal(
          file + " is not a CSV file; the autopilot trains on CSV files: export it to CSV first");
    }
    try {
      if (Files.size(path) == 0) {
        return refusal(file + " is empty; it needs a header line and at least one row");
      }
    } catch (IOException e) {
      return refusal(file + " cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Whether the trials can read the file: they run without the capability that lets root ignore
   * permissions, so its permission bits decide, for root too.
   */
  private static boolean readableByJobs(Path path) {
    if (!Files.isReadable(path)) {
      return false;
    }
    try {
      PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
      Set<PosixFilePermission> bits = attributes.permissions();
      return attributes.owner().getName().equals(System.getProperty("user.name"))
          ? bits.contains(PosixFilePermission.OWNER_READ)
          : bits.contains(PosixFilePermission.GROUP_READ)
              || bits.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return true; // no POSIX permissions to read: the system's answer above stands
    }
  }

  private static Optional<Understanding> refusal(String text) {
    return Optional.of(new Understanding.Refusal(text));
  }

  /** A path as the jobs will see it: relative to the project folder when inside it. */
  private String relative(String file) {
    if (workspace.isEmpty()) {
      return file;
    }
    Path path = workspace.get().resolve(file).normalize();
    return path.startsWith(workspace.get())
        ? workspace.get().relativize(path).toString().replace('\\', '/')
        : file;
  }

  private List<String> dataFilesIn(Path folder, int depth) {
    Path ws = workspace.orElse(folder);
    try (Stream<Path> walk = Files.walk(folder, depth)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !hidden(folder.relativize(p)))
          .filter(p -> isDataFile(p.getFileName().toString()))
          .filter(p -> !name(p.toString()).matches(".*(submission|prediction).*"))
          .sorted(Comparator.comparing(Path::getNameCount).thenComparing(Path::toString))
          .map(p -> ws.relativize(p).toString().replace('\\', '/'))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || SKIPPED.contains(name)) {
        return true;
      }
    }
    return false;
  }

  static boolean isDataFile(String name) {
    return name.toLowerCase(Locale.ROOT).matches(".+\\.(csv|tsv|parquet|pq|jsonl|ndjson)");
  }

  private static boolean testNamed(String file) {
    return name(file).contains("test");
  }

  private static String name(String file) {
    return Path.of(file).getFileName().toString().toLowerCase(Locale.ROOT);
  }
}
