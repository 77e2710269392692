package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The research loop, one step at a time: from the transcript it works out which phase the run is in
 * (priors, audit, baselines, search, validation, final fit, report) and returns the next tool
 * calls, or the closing text.
 */
public final class Planner {
  /** The next move: tool calls to make, or (when there are none) the closing text. */
  public record Decision(List<ToolCall> calls, String text) {
    public Decision {
      calls = List.copyOf(calls);
    }
  }

  /** Refinement trials at most, however much time is left: past this they only chase noise. */
  private static final int MAX_REFINEMENTS = 48;

  private final long seed;
  private final int parallel;
  private final int maxTrials;

  /**
   * @param seed seeds the search order, the validation cut and the models
   * @param parallel trials to issue at once (the executor's concurrency)
   * @param maxTrials search trials at most (0: as many as the time budget allows)
   */
  public Planner(long seed, int parallel, int maxTrials) {
    this.seed = seed;
    this.parallel = Math.max(1, parallel);
    this.maxTrials = maxTrials;
  }

  /** The next move for this conversation, {@code elapsed} seconds after the run started. */
  public Decision next(
      dev.mlintern.core.model.ChatRequest request, TaskBrief brief, double elapsed) {
    return next(Transcript.of(request), brief, elapsed);
  }

  Decision next(Transcript t, TaskBrief brief, double elapsed) {
    if (!JobDispatch.offered(t)) {
      return new Decision(
          List.of(),
          "The autopilot runs its trials as jobs with the 'jobs' and 'write' tools; this session"
              + " offers neither, so it cannot train anything.");
    }
    Calls calls = new Calls(t.steps().size(), brief);
    double left = brief.budgetSeconds() - elapsed;
    if (t.offers("library") && !t.called("library")) {
      return calls.add("library", libraryQuery(brief)).decision();
    }
    if (t.offers("dataset") && !t.called("dataset")) {
      ObjectNode audit =
          Candidate.JSON
              .createObjectNode()
              .put("operation", "audit")
              .put("train", brief.train())
              .put("target", brief.target())
              .put("id", brief.id())
              .put("type", brief.type());
      if (brief.test() != null) {
        audit.put("test", brief.test());
      }
      return calls.add("dataset", audit).decision();
    }
    if (JobDispatch.setup(t, calls, brief.outputs()) || JobDispatch.advance(t, calls)) {
      return calls.decision();
    }
    if (t.offers("diagnose")) {
      List<String> done =
          t.steps().stream()
              .filter(s -> s.is("diagnose"))
              .map(s -> s.args().path("id").asText())
              .toList();
      JobDispatch.failedJobs(t).stream()
          .filter(id -> !done.contains(id))
          .forEach(id -> calls.add("diagnose", Candidate.JSON.createObjectNode().put("id", id)));
      if (!calls.isEmpty()) {
        return calls.decision();
      }
    }
    List<TrialRecord> all = JobDispatch.records(t);
    Optional<TrialRecord> quickAudit =
        all.stream().filter(r -> r.mode().equals("audit")).findFirst();
    // the quick audit measures the data's shape; where the dataset tool gave the fixes it runs
    // beside the baselines, else the baselines wait for its fixes
    boolean auditFirst = !t.offers("dataset");
    if (quickAudit.isEmpty() && auditFirst) {
      TrialConfigs first = new TrialConfigs(brief, null, DataShape.unknown(), seed, 0);
      return calls.trial(first.audit(), Budget.audit(left)).decision();
    }
    DataShape shape =
        quickAudit
            .filter(TrialRecord::ok)
            .map(a -> DataShape.of(a.details().path("audit")))
            .orElse(DataShape.unknown());
    AuditAdvice advice =
        auditFirst
            ? AuditAdvice.fromRecord(quickAudit.get())
            : AuditAdvice.from(t.last("dataset").orElseThrow(), brief);
    List<TrialRecord> records = all.stream().filter(r -> !r.mode().equals("audit")).toList();
    // what starting a job costs here: the first jobs' wall time beyond their own work (the median,
    // as one of them may have queued for a free slot)
    double jobStart =
        records.stream()
            .mapToDouble(TrialRecord::jobStart)
            .filter(s -> s > 0)
            .findFirst()
            .orElse(Math.max(Costs.START, median(all.stream().map(TrialRecord::overhead))));
    TrialConfigs configs =
        new TrialConfigs(brief, advice, shape, seed, all.isEmpty() ? 0 : jobStart);
    SearchState state = new SearchState(brief, records);
    Costs costs = new Costs(state, shape, jobStart);
    Budget budget = new Budget(brief, state, costs, parallel, left);
    if (!state.seen("trivial")) {
      if (quickAudit.isEmpty()) {
        calls.trial(configs.audit(), Budget.audit(left));
      }
      // the trivial model, scored on the reserved rows, writes the submission of last resort
      Candidate trivial = SearchSpace.baselines(brief).get(0);
      Candidate simple = SearchSpace.baselines(brief).get(1);
      calls.trial(configs.holdout("trivial.val", trivial), budget.trivial());
      calls.trial(configs.cv("simple.cv", simple, List.of(0, 1, 2, 3, 4)), budget.baseline());
      return calls.decision();
    }
    boolean selecting =
        records.stream()
            .anyMatch(r -> r.mode().equals("holdout") && !r.candidate().name().equals("trivial"));
    if (!selecting) {
      List<Work> work = searchWork(state, costs, budget, brief, shape);
      if (!work.isEmpty()) {
        for (Work w : work) {
          calls.trial(
              configs.cv(w.trialName(), w.candidate(), w.folds()),
              budget.search(costs.cv(w.candidate(), w.folds().size())));
        }
        return calls.decision();
      }
    }
    // finalists are validated a batch of `parallel` at a time, so none waits for a free slot
    // while its timeout runs; those that no longer fit before the final fit are skipped
    List<Candidate> unvalidated =
        Selection.finalists(state, brief).stream()
            .filter(c -> state.of(c.name(), "holdout").isEmpty())
            .toList();
    List<Candidate> batch = budget.affordable(unvalidated).stream().limit(parallel).toList();
    for (Candidate c : batch) {
      calls.trial(configs.holdout(c.name() + ".val", c), budget.holdout(c));
    }
    if (!batch.isEmpty()) {
      return calls.decision();
    }
    List<Candidate> finalists =
        state.tried().stream()
            .filter(c -> !c.name().equals("trivial"))
            .filter(c -> !state.of(c.name(), "holdout").isEmpty())
            .toList();
    Optional<Selection.Choice> choice = Selection.choose(state, brief, finalists, shape);
    Optional<Candidate> trivial = state.holdout("trivial").map(TrialRecord::candidate);
    Candidate chosen =
        choice
            .map(c -> c.chosen().candidate())
            .or(() -> state.ranked().stream().findFirst())
            .or(() -> trivial)
            .orElse(null);
    if (chosen == null) {
      return new Decision(
          List.of(), "No model could be trained: every trial failed. See the trial errors above.");
    }
    if (brief.test() != null && !state.finalTried()) {
      String fallback =
          state.holdout(chosen.name()).isPresent()
              ? configs.fallbackPath(chosen.name())
              : trivial.map(c -> configs.fallbackPath(c.name())).orElse(null);
      int seeds = budget.seeds(chosen, fallback != null);
      return calls
          .trial(
              configs.fit(
                  chosen.name() + ".final",
                  chosen,
                  seeds,
                  brief.outputs() + "submission.csv",
                  fallback),
              budget.finalFit())
          .decision();
    }
    if (t.offers("report") && !t.called("report")) {
      List<String> notes =
          new ArrayList<>(
              Diagnosis.findings(state, brief).stream().map(Diagnosis.Finding::note).toList());
      t.steps().stream()
          .filter(s -> s.is("diagnose") && s.content() != null)
          .forEach(
              s ->
                  notes.add(
                      "diagnose "
                          + s.args().path("id").asText()
                          + ": "
                          + s.content().lines().findFirst().orElse("")));
      ObjectNode report =
          new ReportArguments(brief, state, advice, priors(t), notes, elapsed)
              .build(choice.orElse(null), chosen);
      return calls.add("report", report).decision();
    }
    return new Decision(List.of(), Closing.text(brief, state, choice.orElse(null), chosen));
  }

  private List<Work> searchWork(
      SearchState state, Costs costs, Budget budget, TaskBrief brief, DataShape shape) {
    long searchTrials =
        state.records().stream()
            .filter(r -> r.mode().equals("cv") && !r.name().endsWith(".cv"))
            .count();
    if (maxTrials > 0 && searchTrials >= maxTrials) {
      return List.of();
    }
    Map<String, String> broken = state.brokenFamilies();
    List<Candidate> pool = new ArrayList<>(SearchSpace.candidates(brief, shape, seed));
    Diagnosis.findings(state, brief).stream()
        .map(Diagnosis.Finding::fix)
        .filter(f -> f != null)
        .forEach(pool::add);
    pool.removeIf(
        c -> broken.containsKey(c.family()) || state.seenModel(c) && !state.seen(c.name()));
    List<Work> work = new ArrayList<>(Scheduler.next(state, pool, parallel));
    long refinements =
        state.tried().stream().filter(c -> c.origin().startsWith("improvement")).count();
    if (work.isEmpty() && refinements < MAX_REFINEMENTS) {
      // the space is exhausted: refine around the leader of each of the two best families, with
      // steps that widen each generation, until the time is used (or nothing new is left)
      int generation = (int) refinements / 2 + 1;
      List<Candidate> leaders = Selection.leaders(state, 2);
      for (int g = generation; g <= generation + 8 && work.size() < parallel; g++) {
        for (Candidate best : leaders) {
          for (Candidate c : SearchSpace.neighbours(best, g, brief.classification())) {
            boolean fresh =
                !state.seenModel(c)
                    && work.stream().noneMatch(w -> w.candidate().model().equals(c.model()));
            if (fresh && work.size() < parallel) {
              work.add(Work.rung(c, 0));
            }
          }
        }
      }
    }
    List<Work> fitting = new ArrayList<>();
    for (Work w : work) {
      if (budget.fits(costs.cv(w.candidate(), w.folds().size()))
          && (maxTrials <= 0 || searchTrials + fitting.size() < maxTrials)) {
        fitting.add(w);
      }
    }
    return fitting;
  }

  private static double median(java.util.stream.Stream<Double> values) {
    List<Double> sorted = values.filter(v -> v > 0).sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static ObjectNode libraryQuery(TaskBrief brief) {
    String query =
        brief.text()
            ? "text classification tf-idf linear model"
            : brief.classification()
                ? "tabular classification gradient boosting random forest benchmark"
                : "tabular regression ridge gradient boosting benchmark";
    return Candidate.JSON.createObjectNode().put("operation", "search").put("query", query);
  }

  private static List<String> priors(Transcript t) {
    return t.last("library")
        .filter(s -> s.content() != null && !s.error())
        .map(
            s ->
                List.of(
                    s.content().length() > 600 ? s.content().substring(0, 600) + "…" : s.content()))
        .orElse(List.of());
  }
}
