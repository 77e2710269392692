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
    Optional<Dispatch> route = Dispatch.choose(t, brief.outputs());
    if (route.isEmpty()) {
      return new Decision(
          List.of(),
          "The autopilot runs its trials with the 'trial' tool, or as jobs with the"
              + " 'jobs', 'write' and 'read' tools; this session offers neither, so it cannot train anything.");
    }
    Dispatch dispatch = route.get();
    Calls calls = new Calls(t.steps().size(), dispatch);
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
    if (dispatch.setup(t, calls) || dispatch.advance(t, calls)) {
      return calls.decision();
    }
    if (t.offers("diagnose")) {
      List<String> done =
          t.steps().stream()
              .filter(s -> s.is("diagnose"))
              .map(s -> s.args().path("id").asText())
              .toList();
      dispatch.failedJobs(t).stream()
          .filter(id -> !done.contains(id))
          .forEach(id -> calls.add("diagnose", Candidate.JSON.createObjectNode().put("id", id)));
      if (!calls.isEmpty()) {
        return calls.decision();
      }
    }
    List<TrialRecord> all = dispatch.records(t);
    Optional<TrialRecord> quickAudit =
        all.stream().filter(r -> r.mode().equals("audit")).findFirst();
    if (!t.offers("dataset") && quickAudit.isEmpty()) {
      return calls.trial("audit", new TrialConfigs(brief, null, seed).audit()).decision();
    }
    AuditAdvice advice =
        t.offers("dataset")
            ? AuditAdvice.from(t.last("dataset").orElseThrow(), brief)
            : AuditAdvice.fromRecord(quickAudit.get());
    TrialConfigs configs = new TrialConfigs(brief, advice, seed);
    List<TrialRecord> records = all.stream().filter(r -> !r.mode().equals("audit")).toList();
    SearchState state = new SearchState(brief, records);
    if (!state.seen("trivial")) {
      for (Candidate c : SearchSpace.baselines(brief)) {
        calls.trial(c.name() + ".cv", configs.cv(c, List.of(0, 1, 2, 3, 4)));
      }
      return calls.decision();
    }
    boolean selecting = records.stream().anyMatch(r -> r.mode().equals("holdout"));
    if (!selecting) {
      List<Work> work = searchWork(state, brief, elapsed);
      if (!work.isEmpty()) {
        work.forEach(w -> calls.trial(w.trialName(), configs.cv(w.candidate(), w.folds())));
        return calls.decision();
      }
      List<Candidate> finalists =
          affordable(Selection.finalists(state, brief), state, brief, elapsed);
      finalists.forEach(c -> calls.trial(c.name() + ".val", configs.holdout(c)));
      if (!finalists.isEmpty()) {
        return calls.decision();
      }
    }
    List<Candidate> finalists =
        state.tried().stream().filter(c -> !state.of(c.name(), "holdout").isEmpty()).toList();
    Optional<Selection.Choice> choice = Selection.choose(state, brief, finalists);
    Candidate chosen =
        choice
            .map(c -> c.chosen().candidate())
            .or(() -> state.ranked().stream().findFirst())
            .orElse(null);
    if (chosen == null) {
      return new Decision(
          List.of(), "No model could be trained: every trial failed. See the trial errors above.");
    }
    if (brief.test() != null && !state.finalDone()) {
      Optional<Candidate> next =
          fitOrder(choice, chosen).stream()
              .filter(c -> state.of(c.name(), "final").isEmpty())
              .findFirst();
      if (next.isPresent()) {
        return calls
            .trial(
                next.get().name() + ".final",
                configs.fit(next.get(), brief.outputs() + "submission.csv"))
            .decision();
      }
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

  private List<Work> searchWork(SearchState state, TaskBrief brief, double elapsed) {
    long searchTrials = state.records().stream().filter(r -> r.mode().equals("cv")).count() - 2;
    if (maxTrials > 0 && searchTrials >= maxTrials) {
      return List.of();
    }
    List<Candidate> pool = new ArrayList<>(SearchSpace.candidates(brief, seed));
    Diagnosis.findings(state, brief).stream()
        .map(Diagnosis.Finding::fix)
        .filter(f -> f != null)
        .forEach(pool::add);
    List<Work> work = new ArrayList<>(Scheduler.next(state, pool, parallel));
    if (work.isEmpty()) {
      int generation =
          (int) state.tried().stream().filter(c -> c.origin().startsWith("improvement")).count() / 2
              + 1;
      if (generation <= 2 && !state.ranked().isEmpty()) {
        SearchSpace.neighbours(state.ranked().get(0), generation).stream()
            .filter(c -> !state.seen(c.name()))
            .forEach(c -> work.add(Work.rung(c, 0)));
      }
    }
    double fallback = Math.max(2, state.costPerFold(SearchSpace.baselines(brief).get(1), 2) * 4);
    double reserve = reserve(state, brief, fallback);
    List<Work> fitting = new ArrayList<>();
    for (Work w : work) {
      double cost = state.costPerFold(w.candidate(), fallback) * w.folds().size() * SLACK;
      if (elapsed + cost + reserve <= brief.budgetSeconds()
          && (maxTrials <= 0 || searchTrials + fitting.size() < maxTrials)) {
        fitting.add(w);
      }
    }
    return fitting;
  }

  /**
   * Seconds to keep for validating the likely finalists and fitting the winner, capped so that
   * expensive early candidates cannot starve the search; finalists that no longer fit are dropped
   * at validation time.
   */
  private double reserve(SearchState state, TaskBrief brief, double fallback) {
    List<Candidate> finalists =
        Selection.finalists(state, brief).stream()
            .filter(c -> !c.family().equals("ensemble"))
            .limit(3)
            .toList();
    double holdout =
        finalists.stream().mapToDouble(c -> holdoutCost(state, c, fallback)).sum() / parallel;
    double fit =
        finalists.stream().mapToDouble(c -> fitCost(state, c, fallback)).max().orElse(fallback);
    return Math.min((holdout + fit) * SLACK + 10, brief.budgetSeconds() * MAX_RESERVE);
  }

  private List<Candidate> affordable(
      List<Candidate> finalists, SearchState state, TaskBrief brief, double elapsed) {
    double fallback = Math.max(2, state.costPerFold(SearchSpace.baselines(brief).get(1), 2) * 4);
    double fit =
        finalists.stream().mapToDouble(c -> fitCost(state, c, fallback)).max().orElse(fallback);
    double left = brief.budgetSeconds() - elapsed - fit * SLACK - 5;
    List<Candidate> out = new ArrayList<>();
    double spent = 0;
    for (Candidate c : finalists) {
      double cost = holdoutCost(state, c, fallback) / parallel * SLACK;
      if (out.size() < 1 || c.name().equals("simple") || spent + cost <= left) {
        out.add(c);
        spent += cost;
      }
    }
    return out;
  }

  private static double holdoutCost(SearchState state, Candidate c, double fallback) {
    return state.costPerFold(c, fallback) * 1.25 * c.seeds().size();
  }

  private static double fitCost(SearchState state, Candidate c, double fallback) {
    return state.costPerFold(c, fallback) * 1.6 * c.seeds().size();
  }

  private static List<Candidate> fitOrder(Optional<Selection.Choice> choice, Candidate chosen) {
    List<Candidate> order = new ArrayList<>(List.of(chosen));
    choice.ifPresent(
        c ->
            c.finalists().stream()
                .map(Selection.Finalist::candidate)
                .filter(f -> !f.equals(chosen))
                .forEach(order::add));
    return order;
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
