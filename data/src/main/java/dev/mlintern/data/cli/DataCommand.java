package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.data.DataException;
import dev.mlintern.data.posttrain.ModelSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data}: the data engine without the agent — profile, audit and convert local files
 * or Hub datasets ({@code hf:owner/name[:config[:split]]}). Register with {@code
 * root.addSubcommand(new DataCommand(settings))}.
 */
@Command(
    name = "data",
    description = "Profile, audit, convert and prepare datasets for training.",
    subcommands = {
      DataProfileCommand.class,
      DataAuditCommand.class,
      DataConvertCommand.class,
      DataTemplateCommand.class,
      DataDifficultyCommand.class,
      DataJudgeCommand.class,
      DataMixCommand.class,
      DataSynthesizeCommand.class
    },
    mixinStandardHelpOptions = true)
public final class DataCommand implements Callable<Integer> {
  private final Settings settings;
  private final ModelSource models;
  @Spec CommandSpec spec;

  public DataCommand(Settings settings) {
    this(settings, null);
  }

  /**
   * {@code models} makes the judge and generator models of {@code judge} and {@code synthesize}.
   */
  public DataCommand(Settings settings, ModelSource models) {
    this.settings = settings;
    this.models = models;
  }

  Settings settings() {
    return settings;
  }

  ModelSource models() {
    if (models == null) {
      throw new DataException(
          DataException.Kind.BAD_INPUT, "this build has no model factory for judges or generators");
    }
    return models;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
