package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.SessionBusyException;
import dev.mlintern.core.AgentSession;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern resume ID}: reopens a stored session after a crash, a {@code kill -9} or an
 * interrupt. Tool calls that never finished are answered with stub results (never run twice); then
 * the model continues, or takes the new message given with {@code -m}.
 */
@Command(name = "resume", description = "Continue a stored session.")
final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SessionFlags flags = new SessionFlags();

  @Parameters(paramLabel = "ID", description = "Session id (see 'mlintern sessions list').")
  String id;

  @Option(
      names = {"-m", "--message"},
      description = "Send this message instead of letting the model continue.")
  String message;

  private final Config config;
  private final InputStream stdin;

  ResumeCommand(Config config, InputStream stdin) {
    this.config = config;
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    HeadlessTurn turn = new HeadlessTurn(stdin, spec.commandLine().getOut(), err, flags.json);
    try (Mlintern engine = Mlintern.open(config)) {
      if (engine.store().session(id).isEmpty()) {
        err.println("mlintern: no session '" + id + "'; see 'mlintern sessions list'");
        return 1;
      }
      AgentSession session = engine.resume(id, flags.options(), turn.listener());
      return turn.finish(session, message == null ? session.proceed() : session.send(message));
    } catch (SessionBusyException e) {
      err.println("mlintern: " + e.getMessage());
      return 1;
    }
  }
}
