package dev.mlintern.compute;

import dev.mlintern.compute.diagnosis.LlmDiagnosis;
import dev.mlintern.compute.executor.Gpus;
import dev.mlintern.compute.executor.HfJobsExecutor;
import dev.mlintern.compute.executor.LocalExecutor;
import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.compute.executor.SlurmExecutor;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.SessionLeases;
import dev.mlintern.compute.recipes.LlmRecipes;
import dev.mlintern.compute.recipes.Preflight;
import dev.mlintern.compute.recipes.RecipesFolder;
import dev.mlintern.compute.tools.DiagnoseTool;
import dev.mlintern.compute.tools.ExperimentsTool;
import dev.mlintern.compute.tools.JobsTool;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.config.Endpoints;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Tool;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compute module wired from {@link Settings}: the ledger under {@code $MLINTERN_HOME}, the
 * three executors and the job service, plus the agent tools. Keys: {@code MLINTERN_PYTHON}, {@code
 * jobs.executor} (default local), {@code jobs.concurrency} (local concurrent jobs, default 2),
 * {@code slurm.partition}, {@code slurm.account}, {@code slurm.qos}, {@code slurm.extra}
 * (space-separated sbatch options), {@code slurm.shared_paths} (space-separated folders the Slurm
 * nodes share with this machine), {@code HF_ENDPOINT}, {@code hf.namespace}, {@code hf.jobs_repo}
 * (the private repo for remote jobs' bundles and outputs), secret {@code HF_TOKEN}; {@code PATH}
 * and {@code HOME} seed the scrubbed job environment. GPU launches of the LLM recipes are checked
 * by {@link Preflight} first, with {@code recipes/llm/} from the command's path or {@code
 * MLINTERN_RECIPES} / {@code MLINTERN_SOURCE}/recipes / {@code MLINTERN_DIST}/recipes, and the
 * local GPU from {@code jobs.gpu} (e.g. h100) or nvidia-smi.
 */
public final class Compute implements AutoCloseable {
  private final LedgerDb db;
  private final JobService jobs;
  private final SessionLeases leases;
  private final String defaultExecutor;
  private final LlmDiagnosis llm;
  private final Sandbox sandbox;
  private final Optional<Path> recipesFolder;

  private Compute(
      LedgerDb db,
      JobService jobs,
      SessionLeases leases,
      String defaultExecutor,
      LlmDiagnosis llm,
      Sandbox sandbox,
      Optional<Path> recipesFolder) {
    this.llm = llm;
    this.recipesFolder = recipesFolder;
    this.sandbox = sandbox;
    this.db = db;
    this.jobs = jobs;
    this.leases = leases;
    this.defaultExecutor = defaultExecutor;
  }

  public static Compute open(Settings settings) {
    return open(settings, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  public static Compute open(Settings settings, Clock clock, Sleeper pause) {
    Path home = settings.home();
    Path jobsRoot = home.resolve("jobs");
    Map<String, String> base = new LinkedHashMap<>();
    base.put("PATH", settings.get("PATH", "/usr/local/bin:/usr/bin:/bin"));
    base.put("HOME", settings.get("HOME", home.toString()));
    base.put("LANG", settings.get("LANG", "C.UTF-8"));
    PythonResolver python = PythonResolver.forJobs(settings);
    int concurrency = Integer.parseInt(settings.get("jobs.concurrency", "2"));
    LlmRecipes recipes = LlmRecipes.fromSettings(settings, python);
    Sandbox sandbox = Sandbox.detect(List.of(home), recipes.folder().stream().toList());
    LocalExecutor local =
        new LocalExecutor(
            jobsRoot,
            concurrency,
            base,
            python,
            () -> Gpus.detect("nvidia-smi"),
            clock,
            pause,
            sandbox);
    List<String> extra =
        settings
            .get("slurm.extra")
            .map(s -> Arrays.asList(s.trim().split("\\s+")))
            .orElse(List.of());
    SlurmExecutor slurm =
        new SlurmExecutor(
            jobsRoot,
            new SlurmExecutor.Options(
                settings.get("slurm.partition").orElse(null),
                settings.get("slurm.account").orElse(null),
                settings.get("slurm.qos").orElse(null),
                extra,
                settings
                    .get("slurm.shared_paths")
                    .map(v -> Arrays.stream(v.trim().split("\\s+")).map(Path::of).toList())
                    .orElse(List.of())),
            base,
            python,
            clock,
            pause);
    HfJobsExecutor hf =
        new HfJobsExecutor(
            HttpClient.newBuilder().connectTimeout(Endpoints.CONNECT_TIMEOUT).build(),
            settings.endpoints().hub(),
            settings.secrets().value("HF_TOKEN").orElse(null),
            settings.get("hf.namespace").orElse(null),
            clock,
            new HfJobsExecutor.Shipping(
                recipes.folder().orElse(null),
                settings.get("hf.jobs_repo").orElse(null),
                home.resolve("cache").resolve("hub")));
    String gpu = settings.get("jobs.gpu").orElse(null);
    Preflight preflight =
        new Preflight(
            recipes,
            jobsRoot,
            () ->
                gpu != null
                    ? gpu
                    : Gpus.detect("nvidia-smi").stream()
                        .map(Gpus.Gpu::name)
                        .findFirst()
                        .orElse(null),
            Preflight.DEFAULT_LIMIT);
    LedgerDb db = LedgerDb.open(home);
    JobService jobs =
        new JobService(
            db,
            Map.of(local.name(), local, slurm.name(), slurm, hf.name(), hf),
            jobsRoot,
            settings.secrets(),
            clock,
            pause,
            preflight);
    return new Compute(
        db,
        jobs,
        SessionLeases.forThisProcess(db, clock),
        settings.get("jobs.executor", "local"),
        new LlmDiagnosis(recipes),
        sandbox,
        recipes.folder());
  }

  /**
   * The vetted recipes folder ({@link RecipesFolder}), located once when compute opened; empty when
   * there is none.
   */
  public Optional<Path> recipesFolder() {
    return recipesFolder;
  }

  /**
   * The sandbox local jobs run in, for the shell to share: {@code $MLINTERN_HOME} hidden, the
   * recipes readable.
   */
  public Sandbox sandbox() {
    return sandbox;
  }

  public JobService jobs() {
    return jobs;
  }

  public Ledger ledger() {
    return jobs.ledger();
  }

  public SessionLeases leases() {
    return leases;
  }

  public String defaultExecutor() {
    return defaultExecutor;
  }

  /** The agent tools: {@code jobs}, {@code experiments}, {@code diagnose}. */
  public List<Tool<?>> tools() {
    return List.of(
        new JobsTool(jobs, defaultExecutor, Duration.ofSeconds(2)),
        new ExperimentsTool(jobs.ledger()),
        new DiagnoseTool(jobs, llm));
  }

  @Override
  public void close() {
    db.close();
  }
}
