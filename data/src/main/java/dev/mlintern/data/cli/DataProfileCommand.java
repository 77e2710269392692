package dev.mlintern.data.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.Profiler;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data profile PATH|hf:ID}: rows, schema and per-column statistics; {@code --json}
 * for all of it.
 */
@Command(
    name = "profile",
    description = "Profile a dataset: schema, missing values, distributions, label balance.",
    mixinStandardHelpOptions = true)
public final class DataProfileCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH|hf:ID")
  String source;

  @Option(names = "--target", description = "show this column's label balance")
  String target;

  @Option(names = "--json", description = "print the profile as JSON")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CommandSupport.run(
        spec.commandLine().getErr(),
        () -> {
          ObjectNode profile;
          try (DataEngine engine = CommandSupport.engine(parent.settings())) {
            var table = engine.load("data", CommandSupport.source(parent.settings(), source));
            if (target != null) {
              table.require(target, "target");
            }
            profile = new Profiler(engine).profile(table, target);
          }
          if (json) {
            out.println(profile.toPrettyString());
          } else {
            out.print(ProfileText.render(profile));
          }
          out.flush();
          return 0;
        });
  }
}
