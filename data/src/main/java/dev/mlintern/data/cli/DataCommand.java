package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
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
    description = "Profile, audit and convert datasets.",
    subcommands = {
      DataProfileCommand.class,
      DataAuditCommand.class,
      DataConvertCommand.class,
      DataTemplateCommand.class,
      DataDifficultyCommand.class
    },
    mixinStandardHelpOptions = true)
public final class DataCommand implements Callable<Integer> {
  private final Settings settings;
  @Spec CommandSpec spec;

  public DataCommand(Settings settings) {
    this.settings = settings;
  }

  Settings settings() {
    return settings;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
