package dev.mlintern.compute.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlintern.compute.JobException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Decides what a remote job needs from this machine. Its work folder mirrors the local work dir:
 * every command argument (or {@code --flag=value} value) and config string that names a file or
 * folder in the work dir is sent at the same relative path, with the workspace Python modules the
 * shipped scripts import; a vetted recipe (a path into mlintern's own {@code recipes/}, directly or
 * through the workspace's link) is sent as {@code recipes/…} with its whole folder and packages
 * ({@code recipes/llm/sft.py} brings {@code llmkit/}) and the top-level recipe modules they import
 * ({@code llmkit} imports {@code recipes/mlintern_recipe.py}); {@code files} adds what the caller
 * lists. The packages to install are the caller's and the entry script's inline metadata; when a
 * {@code requirements.lock} sits beside the script (the LLM recipes), each is pinned to the lock's
 * version, so a remote job runs the versions of the local LLM environment. Absolute paths are
 * rewritten to those relative ones; system paths ({@code /usr}, {@code /opt}, …) are left as they
 * are, and any other path out of the work dir is refused, since the job could not see it. Hidden
 * and secret-looking files are never sent, nor is any file that contains the value of a secret.
 */
public final class BundlePlanner {
  /** Largest bundle, counted before compression. */
  public static final long MAX_BYTES = 200L * 1024 * 1024;

  private static final Set<String> SKIPPED_FOLDERS = Set.of("__pycache__", "tests", "node_modules");
  private static final List<Path> SYSTEM_FOLDERS =
      Stream.of("/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/opt", "/proc", "/dev", "/sys")
          .map(Path::of)
          .toList();
  private final Path recipes;

  /**
   * {@code recipes}: mlintern's own recipes folder; null: the one the work dir's {@code recipes}
   * link points to, if any.
   */
  public BundlePlanner(Path recipes) {
    this.recipes = recipes == null ? null : realPath(recipes);
  }

  /**
   * The bundle for {@code command} run in {@code workDir}; {@code secrets} (name → value) must not
   * appear in any file sent.
   */
  public JobBundle plan(
      List<String> command,
      JsonNode config,
      List<String> files,
      List<String> dependencies,
      Path workDir,
      Map<String, String> secrets) {
    Plan plan = new Plan(realPath(workDir));
    List<String> shipped = new ArrayList<>();
    for (String arg : command) {
      shipped.add(plan.argument(arg));
    }
    JsonNode shippedConfig = config == null ? null : plan.config(config.deepCopy());
    for (String listed : files) {
      plan.listed(listed);
    }
    plan.followImports();
    Set<String> deps = new LinkedHashSet<>(dependencies);
    List<String> installs = List.copyOf(deps);
    if (plan.entry != null) {
      deps.addAll(InlineScriptMetadata.dependencies(plan.entry));
      Optional<RequirementsLock> lock = RequirementsLock.beside(plan.entry);
      installs = lock.isPresent() ? lock.get().pin(List.copyOf(deps)) : List.copyOf(deps);
    }
    JobBundle bundle = new JobBundle(shipped, plan.files, installs, shippedConfig);
    if (bundle.bytes() > MAX_BYTES) {
      throw new JobException(
          JobException.Kind.INVALID,
          "the job bundle is "
              + JobBundle.size(bundle.bytes())
              + ", over the "
              + JobBundle.size(MAX_BYTES)
              + " cap; put large data in a Hub dataset and have the job download it");
    }
    SecretCheck.refuseValues(bundle, secrets);
    return bundle;
  }

  /** The files being collected for one job. */
  private final class Plan {
    final Path work;
    final Path recipes;
    final TreeMap<String, Path> files = new TreeMap<>();
    final List<Path> scripts = new ArrayList<>();
    Path entry;

    Plan(Path work) {
      this.work = work;
      Path link = work.resolve("recipes");
      this.recipes =
          BundlePlanner.this.recipes != null
              ? BundlePlanner.this.recipes
              : Files.isSymbolicLink(link) && Files.isDirectory(link) ? realPath(link) : null;
    }

    /** The argument as the job sees it, shipping what it names. */
    String argument(String arg) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("-") && eq > 0) {
        String value = arg.substring(eq + 1);
        String shipped = ship(value, true);
        return shipped == null ? arg : arg.substring(0, eq + 1) + shipped;
      }
      if (arg.startsWith("-")) {
        return arg;
      }
      String shipped = ship(arg, true);
      return shipped == null ? arg : shipped;
    }

    JsonNode config(JsonNode node) {
      if (node instanceof ObjectNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          field.setValue(config(field.getValue()));
        }
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          array.set(i, config(array.get(i)));
        }
      } else if (node.isTextual()) {
        String shipped = ship(node.asText(), false);
        return shipped == null ? node : TextNode.valueOf(shipped);
      }
      return node;
    }

    void listed(String listed) {
      if (ship(listed, true) == null) {
        throw new JobException(
            JobException.Kind.INVALID,
            "files: '"
                + listed
                + "' is not in the work dir "
                + work
                + "; list files by their path in the work dir");
      }
    }

    /**
     * Ships what {@code value} names and returns its path in the job's work folder; null when it
     * names nothing here to send. {@code strict}: a relative path out of the work dir is an error.
     */
    String ship(String value, boolean strict) {
      if (value.isBlank() || value.contains("\n") || value.contains("://")) {
        return null;
      }
      Path given;
      try {
        given = Path.of(value);
      } catch (InvalidPathException e) {
        return null;
      }
      Path local = (given.isAbsolute() ? given : work.resolve(given)).normalize();
      if (!Files.exists(local)) {
        return null;
      }
      Path real = realPath(local);
      if (real.equals(work) || (recipes != null && real.equals(recipes))) {
        return null;
      }
      String target;
      if (recipes != null && real.startsWith(recipes)) {
        target = "recipes/" + slashes(recipes.relativize(real));
        if (Files.isRegularFile(real) && real.toString().endsWith(".py")) {
          addRecipe(real);
        }
      } else if (real.startsWith(work)) {
        target = slashes(work.relativize(real));
      } else if (!strict || SYSTEM_FOLDERS.stream().anyMatch(real::startsWith)) {
        return null;
      } else {
        throw new JobException(
            JobException.Kind.INVALID,
            "'"
                + value
                + "' is outside the work dir "
                + work
                + " (it resolves to "
                + real
                + "); copy it into the work dir so the job can be sent it");
      }
      SecretCheck.refuseByName(real, value);
      if (Files.isDirectory(real)) {
        addFolder(real, target, false);
      } else {
        add(target, real);
      }
      return target;
    }

    void add(String target, Path file) {
      files.putIfAbsent(target, file);
      if (target.endsWith(".py")) {
        scripts.add(file);
        if (entry == null) {
          entry = file;
        }
      }
    }

    /** A vetted recipe: its folder's files and Python packages, without tests. */
    void addRecipe(Path script) {
      Path folder = script.getParent();
      addFolder(folder, "recipes/" + slashes(recipes.relativize(folder)), true);
    }

    void addFolder(Path folder, String target, boolean packagesOnly) {
      try (Stream<Path> children = Files.list(folder)) {
        for (Path child : children.sorted().toList()) {
          String name = child.getFileName().toString();
          if (name.startsWith(".") || SecretCheck.looksSecret(name) || name.endsWith(".pyc")) {
            continue;
          }
          String childTarget = target.isEmpty() ? name : target + "/" + name;
          if (Files.isDirectory(child)) {
            boolean isPackage = Files.isRegularFile(child.resolve("__init__.py"));
            if (!SKIPPED_FOLDERS.contains(name) && (!packagesOnly || isPackage)) {
              addFolder(child, childTarget, packagesOnly);
            }
          } else if (Files.isRegularFile(child)) {
            files.putIfAbsent(childTarget, realPath(child));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void followImports() {
      List<Path> roots = new ArrayList<>();
      if (entry != null) {
        roots.add(entry.getParent());
      }
      if (recipes != null && entry != null && realPath(entry).startsWith(recipes)) {
        roots.add(recipes); // a recipe's package may import the shared recipes/mlintern_recipe.py
      }
      roots.add(work);
      for (Path module :
          PythonImports.follow(
              scripts,
              roots,
              p -> {
                Path real = realPath(p);
                return (real.startsWith(work) || (recipes != null && real.startsWith(recipes)))
                    && !real.getFileName().toString().startsWith(".");
              })) {
        Path real = realPath(module);
        String target =
            recipes != null && real.startsWith(recipes)
                ? "recipes/" + slashes(recipes.relativize(real))
                : slashes(work.relativize(real));
        files.putIfAbsent(target, real);
      }
    }
  }

  private static String slashes(Path relative) {
    return relative.toString().replace('\\', '/');
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
