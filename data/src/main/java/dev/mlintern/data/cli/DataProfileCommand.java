package dev.mlintern.data.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.Profiler;
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
  public Integer call() throws JsonProcessingException {
    ObjectNode profile;
    try (DataEngine engine = CommandSupport.engine(parent.settings())) {
      var table = engine.load("data", CommandSupport.source(parent.settings(), source));
      if (target != null) {
        table.require(target, "target");
      }
      profile = new Profiler(engine).profile(table, target);
    }
    return new CommandOutput(ProfileText.render(profile), profile).print(spec, json);
  }
}
