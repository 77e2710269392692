package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
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

  private static final double SLACK = 1.15;

  /**
   * At most this share of the budget is held back for validation and the final fit; the rest
   * searches.
   */
  private static final double MAX_RESERVE = 0.4;

  /** Seconds kept after the final fit for the report and the closing answer. */
  private static final double TAIL = 3;

  /** The least time a final fit is given: enough to start Python and copy the fallback. */
  private static final double FINAL_MIN = 8;

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
    Calls calls = new Calls(t.steps().size(), brief.outputs());
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
    if (quickAudit.isEmpty()) {
      TrialConfigs first = new TrialConfigs(brief, null, DataShape.unknown(), seed);
      return calls.trial(first.audit(), Math.max(5, Math.min(120, left * 0.2))).decision();
    }
    DataShape shape =
        quickAudit.get().ok()
            ? DataShape.of(quickAudit.get().details().path("audit"))
            : DataShape.unknown();
    AuditAdvice advice =
        t.offers("dataset")
            ? AuditAdvice.from(t.last("dataset").orElseThrow(), brief)
            : AuditAdvice.fromRecord(quickAudit.get());
    TrialConfigs configs = new TrialConfigs(brief, advice, shape, seed);
    List<TrialRecord> records = all.stream().filter(r -> !r.mode().equals("audit")).toList();
    SearchState state = new SearchState(brief, records);
    Costs costs = new Costs(state, shape);
    if (!state.seen("trivial")) {
      // the trivial model, scored on the reserved rows, writes the submission of last resort
      Candidate trivial = SearchSpace.baselines(brief).get(0);
      Candidate simple = SearchSpace.baselines(brief).get(1);
      calls.trial(configs.holdout("trivial.val", trivial), Math.min(60, left - TAIL));
      calls.trial(
          configs.cv("simple.cv", simple, List.of(0, 1, 2, 3, 4)),
          Math.max(5, left - reserve(state, costs, brief)));
      return calls.decision();
    }
    boolean selecting =
        records.stream()
            .anyMatch(r -> r.mode().equals("holdout") && !r.candidate().name().equals("trivial"));
    if (!selecting) {
      List<Work> work = searchWork(state, costs, brief, shape, left);
      if (!work.isEmpty()) {
        double reserve = reserve(state, costs, brief);
        for (Work w : work) {
          double estimate = costs.cv(w.candidate(), w.folds().size());
          calls.trial(
              configs.cv(w.trialName(), w.candidate(), w.folds()),
              Math.min(left - reserve, estimate * 3 + 20));
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
    List<Candidate> batch =
        affordable(unvalidated, costs, brief, left).stream().limit(parallel).toList();
    for (Candidate c : batch) {
      double fit = Math.max(FINAL_MIN, Math.min(costs.fit(c, 1), left * 0.3));
      calls.trial(
          configs.holdout(c.name() + ".val", c),
          Math.max(3, Math.min(left - TAIL - fit, costs.holdout(c) * 3 + 20)));
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
      int seeds = affordableSeeds(chosen, costs, left, fallback != null);
      return calls
          .trial(
              configs.fit(
                  chosen.name() + ".final",
                  chosen,
                  seeds,
                  brief.outputs() + "submission.csv",
                  fallback),
              Math.max(FINAL_MIN, left - TAIL))
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
      SearchState state, Costs costs, TaskBrief brief, DataShape shape, double left) {
    long searchTrials =
        state.records().stream()
            .filter(r -> r.mode().equals("cv") && !r.name().endsWith(".cv"))
            .count();
    if (maxTrials > 0 && searchTrials >= maxTrials) {
      return List.of();
    }
    List<Candidate> pool = new ArrayList<>(SearchSpace.candidates(brief, shape, seed));
    Diagnosis.findings(state, brief).stream()
        .map(Diagnosis.Finding::fix)
        .filter(f -> f != null)
        .forEach(pool::add);
    List<Work> work = new ArrayList<>(Scheduler.next(state, pool, parallel));
    if (work.isEmpty()) {
      int generation =
          (int) state.tried().stream().filter(c -> c.origin().startsWith("improvement")).count() / 2
              + 1;
      List<Candidate> ranked = state.ranked();
      for (int g = generation; g <= 6 && work.isEmpty() && !ranked.isEmpty(); g++) {
        for (Candidate best : ranked.subList(0, Math.min(2, ranked.size()))) {
          SearchSpace.neighbours(best, g).stream()
              .filter(c -> !state.seen(c.name()))
              .limit(parallel - work.size())
              .forEach(c -> work.add(Work.rung(c, 0)));
        }
      }
    }
    double reserve = reserve(state, costs, brief);
    List<Work> fitting = new ArrayList<>();
    for (Work w : work) {
      double cost = costs.cv(w.candidate(), w.folds().size()) * SLACK;
      if (cost + reserve <= left && (maxTrials <= 0 || searchTrials + fitting.size() < maxTrials)) {
        fitting.add(w);
      }
    }
    return fitting;
  }

  /**
   * Seconds to keep for validating the likely finalists and fitting the winner, capped so that
   * expensive early candidates cannot starve the search (a final fit that cannot finish leaves the
   * best validated model's predictions instead); finalists that no longer fit are dropped at
   * validation time.
   */
  private double reserve(SearchState state, Costs costs, TaskBrief brief) {
    List<Candidate> finalists =
        Selection.finalists(state, brief).stream()
            .filter(c -> !c.family().equals("ensemble"))
            .limit(3)
            .toList();
    double holdout = finalists.stream().mapToDouble(costs::holdout).sum() / parallel;
    double fit =
        finalists.stream()
            .mapToDouble(c -> costs.fit(c, c.seeds().size()))
            .max()
            .orElse(Costs.START);
    return Math.max(
        FINAL_MIN + TAIL,
        Math.min((holdout + fit) * SLACK + TAIL + 5, brief.budgetSeconds() * MAX_RESERVE));
  }

  /** The finalists whose validation fits in the time left, keeping time for one final fit. */
  private List<Candidate> affordable(
      List<Candidate> finalists, Costs costs, TaskBrief brief, double left) {
    double fit = finalists.stream().mapToDouble(c -> costs.fit(c, 1)).max().orElse(Costs.START);
    double room = left - Math.max(FINAL_MIN, Math.min(fit * SLACK, left * 0.3)) - TAIL;
    List<Candidate> out = new ArrayList<>();
    double spent = 0;
    for (Candidate c : finalists) {
      double cost = costs.holdout(c) / parallel * SLACK;
      if (spent + cost <= room) {
        out.add(c);
        spent += cost;
      }
    }
    return out;
  }

  /**
   * Seeds of the final fit that fit in the time left; 0 (no refit: the fallback is the submission)
   * when not even one does and there is a fallback.
   */
  private static int affordableSeeds(
      Candidate chosen, Costs costs, double left, boolean hasFallback) {
    for (int seeds = chosen.seeds().size(); seeds >= 1; seeds--) {
      if (costs.fit(chosen, seeds) * SLACK <= left - TAIL) {
        return seeds;
      }
    }
    return hasFallback ? 0 : 1;
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
