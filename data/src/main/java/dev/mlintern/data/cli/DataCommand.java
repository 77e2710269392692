package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Usage;
import dev.mlintern.data.DataException;
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
      DataDifficultyCommand.class,
      DataJudgeCommand.class
    },
    mixinStandardHelpOptions = true)
public final class DataCommand implements Callable<Integer> {
  /** Makes the judge model of {@code data judge} from a spec and prices its token usage. */
  public interface Judges {
    ChatModel create(String spec);

    /** US dollars for {@code usage} of {@code spec}'s model; 0 when unpriced (local models). */
    double costUsd(String spec, Usage usage);
  }

  private final Settings settings;
  private final Judges judges;
  @Spec CommandSpec spec;

  public DataCommand(Settings settings) {
    this(settings, null);
  }

  public DataCommand(Settings settings, Judges judges) {
    this.settings = settings;
    this.judges = judges;
  }

  Settings settings() {
    return settings;
  }

  Judges judges() {
    if (judges == null) {
      throw new DataException(
          DataException.Kind.BAD_INPUT, "this build has no model factory for judges");
    }
    return judges;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
