package dev.mlintern.web;

import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.secret.Secrets;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The web UI: a Javalin (Jetty 12) server with token auth ({@link Guard}), server-rendered pages,
 * SSE over the store ({@link EventStream}) and the WebJar assets. Built from a {@link WebEngine};
 * {@link #start} binds and returns the URL with its token, {@link #close} stops it.
 */
public final class WebServer implements AutoCloseable {
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final AccessToken token;
  private final EventStream stream;
  private final Javalin app;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private String host;

  /**
   * A server without the ledger (its global jobs and experiments pages are empty) whose new
   * sessions' project folders lie under the current folder.
   */
  public WebServer(WebEngine engine, AccessToken token, Secrets secrets) {
    this(engine, token, secrets, JobBoard.none(), ExperimentRuns.none(), Path.of(""));
  }

  /**
   * A server whose global {@code /jobs} and {@code /experiments} pages read compute's ledger {@code
   * db}, which the caller opens and closes, and whose new sessions' project folders must lie under
   * {@code workspaceRoot}.
   */
  public WebServer(
      WebEngine engine, AccessToken token, Secrets secrets, LedgerDb db, Path workspaceRoot) {
    this(
        engine, token, secrets, JobBoard.over(db, secrets), ExperimentRuns.over(db), workspaceRoot);
  }

  /** A server over the ledger whose new sessions' project folders lie under the current folder. */
  public WebServer(WebEngine engine, AccessToken token, Secrets secrets, LedgerDb db) {
    this(engine, token, secrets, db, Path.of(""));
  }

  private WebServer(
      WebEngine engine,
      AccessToken token,
      Secrets secrets,
      JobBoard board,
      ExperimentRuns experimentRuns,
      Path workspaceRoot) {
    this.token = token;
    this.stream = new EventStream(engine, secrets);
    Guard guard = new Guard(token);
    Assets assets = new Assets();
    Layout layout = new Layout(token, secrets);
    SessionsPage sessions = new SessionsPage(engine, layout, new WorkspaceRoot(workspaceRoot));
    SessionPage session = new SessionPage(engine, layout);
    JobsPage jobs = new JobsPage(engine, layout, stream, board);
    AllJobsPage allJobs = new AllJobsPage(board, layout);
    AllExperimentsPage allExperiments = new AllExperimentsPage(board, experimentRuns, layout);
    ExperimentPage experiment = new ExperimentPage(experimentRuns, layout);
    ComparePage compare = new ComparePage(experimentRuns, layout);
    RunPage run = new RunPage(experimentRuns, layout);
    ExperimentsPage experiments = new ExperimentsPage(engine, layout);
    ArtifactsPage artifacts = new ArtifactsPage(engine, layout);
    DeletePage deletion = new DeletePage(engine, layout);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 1_000_000;
              config.routes.before(guard::check);
              config.routes.before(
                  ctx -> {
                    ctx.header("Content-Security-Policy", CSP);
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Referrer-Policy", "same-origin");
                  });
              config.routes.before(
                  "/sessions/{id}/events", ctx -> SessionPage.require(engine, ctx));
              config.routes.before(
                  "/sessions/{id}/jobs/{job}/log", ctx -> SessionPage.require(engine, ctx));
              config.routes.get("/assets/{name}", assets::serve);
              config.routes.get("/", sessions::list);
              config.routes.get("/new", sessions::form);
              config.routes.post("/sessions", sessions::create);
              config.routes.get("/jobs", allJobs::list);
              config.routes.get("/jobs/{job}", allJobs::show);
              config.routes.get("/jobs/{job}/log", allJobs::log);
              config.routes.get("/experiments", allExperiments::list);
              config.routes.get("/experiments/{name}", experiment::show);
              config.routes.get("/experiments/{name}/compare", compare::show);
              config.routes.post("/experiments/{name}/rename", experiment::rename);
              config.routes.get("/runs/{run}", run::show);
              config.routes.post("/runs/{run}/notes", run::note);
              config.routes.get("/sessions/{id}", session::show);
              config.routes.sse("/sessions/{id}/events", stream::events);
              config.routes.post("/sessions/{id}/messages", session::message);
              config.routes.post("/sessions/{id}/approvals/{call}", session::reply);
              config.routes.post("/sessions/{id}/interrupt", session::interrupt);
              config.routes.get("/sessions/{id}/delete", deletion::confirm);
              config.routes.post("/sessions/{id}/delete", deletion::delete);
              config.routes.get("/sessions/{id}/jobs", jobs::list);
              config.routes.get("/sessions/{id}/jobs/rows", jobs::rowsFragment);
              config.routes.get("/sessions/{id}/jobs/{job}", jobs::show);
              config.routes.sse("/sessions/{id}/jobs/{job}/log", jobs::logStream);
              config.routes.post("/sessions/{id}/jobs/{job}/cancel", jobs::cancel);
              config.routes.get("/sessions/{id}/experiments", experiments::show);
              config.routes.get("/sessions/{id}/experiments.json", experiments::data);
              config.routes.get("/sessions/{id}/artifacts", artifacts::browse);
              config.routes.get("/sessions/{id}/download", artifacts::download);
              config.routes.get("/sessions/{id}/report", artifacts::report);
              config.routes.get("/sessions/{id}/report/raw", artifacts::reportRaw);
            });
  }

  /** Binds {@code host:port} (port 0 picks a free one) and returns this server. */
  public WebServer start(String host, int port) {
    this.host = host;
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      throw new WebException(
          "cannot start the web server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The address without the token. */
  public String baseUrl() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + port();
  }

  /** The address a person opens: it carries the token, which the server trades for a cookie. */
  public String url() {
    return baseUrl() + "/?token=" + token.value();
  }

  /** Stops the server; calling it again does nothing. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      stream.close();
      app.stop();
    }
  }
}
