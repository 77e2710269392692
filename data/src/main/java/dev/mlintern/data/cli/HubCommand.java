package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.data.hub.HubClient;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern hub}: search the Hugging Face Hub and show a repo's info without the agent.
 * Register with {@code root.addSubcommand(new HubCommand(settings))}.
 */
@Command(
    name = "hub",
    description = "Search the Hugging Face Hub and show repo info.",
    subcommands = {HubSearchCommand.class, HubInfoCommand.class},
    mixinStandardHelpOptions = true)
public final class HubCommand implements Callable<Integer> {
  private final Settings settings;
  private final Function<Settings, HubClient> clients;
  @Spec CommandSpec spec;

  public HubCommand(Settings settings) {
    this(settings, HubClient::fromSettings);
  }

  HubCommand(Settings settings, Function<Settings, HubClient> clients) {
    this.settings = settings;
    this.clients = clients;
  }

  HubClient client() {
    return clients.apply(settings);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
