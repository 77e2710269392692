package dev.mlintern.web.cli;

import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.config.Settings;
import dev.mlintern.web.AccessToken;
import dev.mlintern.web.WebEngine;
import dev.mlintern.web.WebException;
import dev.mlintern.web.WebServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern web}: serves the browser UI until interrupted. Binds loopback unless {@code
 * --allow-remote}; prints {@code mlintern web: http://HOST:PORT/?token=TOKEN} alone on a line of
 * stdout (the token persists in {@code $MLINTERN_HOME/web-token} until {@code --rotate-token});
 * everything else goes to stderr.
 */
@Command(
    name = "web",
    description = "Serve the web UI: watch, steer and approve sessions in the browser.")
public final class WebCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "7860",
      description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--allow-remote",
      description = "Allow binding an address other people's machines can reach.")
  boolean allowRemote;

  @Option(
      names = "--rotate-token",
      description = "Replace the access token, signing every browser out.")
  boolean rotateToken;

  private final Settings settings;
  private final Supplier<? extends WebEngine> engine;
  private final Consumer<WebServer> serve;

  /**
   * {@code engine} is called once the options are valid; the server runs until the process is
   * interrupted.
   */
  public WebCommand(Settings settings, Supplier<? extends WebEngine> engine) {
    this(settings, engine, WebCommand::untilShutdown);
  }

  /** For tests: {@code serve} gets the started server and returns when it should stop. */
  WebCommand(Settings settings, Supplier<? extends WebEngine> engine, Consumer<WebServer> serve) {
    this.settings = settings;
    this.engine = engine;
    this.serve = serve;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("mlintern web: --port must be between 0 and 65535, got " + port);
      return 2;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      err.println("mlintern web: unknown host '" + host + "'");
      return 2;
    }
    if (!loopback && !allowRemote) {
      err.println(
          "mlintern web: "
              + host
              + " is reachable from other machines; pass --allow-remote to bind it"
              + " (anyone with the URL's token can then steer your sessions)");
      return 2;
    }
    Path root = workspaceRoot();
    if (!java.nio.file.Files.isDirectory(root)) {
      err.println(
          "mlintern web: the workspace root "
              + root
              + " is not a folder; fix [web] root in config.toml or remove it");
      return 2;
    }
    try {
      AccessToken token =
          rotateToken ? AccessToken.rotate(settings.home()) : AccessToken.load(settings.home());
      try (LedgerDb ledger = LedgerDb.open(settings.home());
          WebServer server =
              new WebServer(engine.get(), token, settings.secrets(), ledger, root)
                  .start(host, port)) {
        out.println("mlintern web: " + server.url());
        out.flush();
        err.println(
            "serving the web UI; new sessions work in project folders under "
                + root
                + "; press Ctrl-C to stop");
        err.flush();
        serve.accept(server);
      }
      return 0;
    } catch (WebException e) {
      err.println("mlintern web: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Where the new-session form's project folders must lie: {@code [web] root} in the config, else
   * the folder this command was started in.
   */
  private Path workspaceRoot() {
    return Path.of(settings.get("web.root", "")).toAbsolutePath();
  }

  private static void untilShutdown(WebServer server) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "mlintern-web-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
