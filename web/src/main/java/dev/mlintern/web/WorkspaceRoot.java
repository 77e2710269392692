package dev.mlintern.web;

import io.javalin.http.BadRequestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The folder under which the new-session form's project folder must lie: the folder {@code mlintern
 * web} was started in, or {@code [web] root} in the config. A browser can then start an agent only
 * in projects the person serving the UI chose to expose. The check follows symbolic links and
 * writes nothing: a refused folder is left as it was.
 */
final class WorkspaceRoot {
  private final Path root;

  WorkspaceRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path path() {
    return root;
  }

  /**
   * The project folder the form named (relative to the root, or absolute), checked; null when the
   * field is blank (the engine's private workspace).
   *
   * @throws BadRequestResponse naming what is wrong with it and what to do
   */
  Path resolve(String field) {
    if (field == null || field.isBlank()) {
      return null;
    }
    Path asked;
    try {
      asked = root.resolve(field.strip()).normalize();
    } catch (InvalidPathException e) {
      throw new BadRequestResponse("project folder '" + field + "' is not a valid path");
    }
    if (!Files.isDirectory(asked)) {
      throw new BadRequestResponse(
          "project folder "
              + asked
              + (Files.exists(asked) ? " is not a folder" : " does not exist")
              + "; give a folder under "
              + root);
    }
    Path real;
    Path realRoot;
    try {
      real = asked.toRealPath();
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new BadRequestResponse(
          "project folder " + asked + " cannot be read: " + e.getMessage());
    }
    if (!real.startsWith(realRoot)) {
      throw new BadRequestResponse(
          "project folder "
              + asked
              + " is outside "
              + root
              + ", the folder `mlintern web` serves; start it in a folder above the project or"
              + " set [web] root in config.toml");
    }
    if (!Files.isWritable(real)) {
      throw new BadRequestResponse(
          "project folder " + asked + " is not writable; fix its permissions or choose another");
    }
    return real;
  }
}
