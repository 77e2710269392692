package dev.mlintern.autopilot.search;

import java.util.List;
import java.util.Optional;

/**
 * How trials reach the machine, chosen from the tools on offer: the compute module's {@code jobs}
 * tool (the recipe is written into the workspace, then each trial is a submitted job, waited for,
 * and its result file read), which puts every trial through the executors and the experiment ledger
 * like any job a model starts; or, where compute is not wired, the autopilot's own {@code trial}
 * tool (one call, answered with the metrics).
 */
interface Dispatch {
  /**
   * Jobs when the session offers them (executors, ledger, approvals), else the trial tool, else
   * nothing.
   */
  static Optional<Dispatch> choose(Transcript t, String folder) {
    if (t.offers("jobs") && t.offers("write") && t.offers("read")) {
      return Optional.of(new JobDispatch(folder));
    }
    if (t.offers("trial")) {
      return Optional.of(new DirectDispatch());
    }
    return Optional.empty();
  }

  /**
   * Calls needed before the first trial (writing the recipe), added to {@code calls}; false when
   * none.
   */
  boolean setup(Transcript t, Calls calls);

  /**
   * Calls that move started trials along (wait, read), added to {@code calls}; false when none is
   * pending.
   */
  boolean advance(Transcript t, Calls calls);

  void trial(Calls calls, String name, com.fasterxml.jackson.databind.node.ObjectNode config);

  /**
   * Job ids of finished trials that failed, for the {@code diagnose} tool; none where trials are
   * not jobs.
   */
  default List<String> failedJobs(Transcript t) {
    return List.of();
  }

  /** Every finished trial, in the order they were started. */
  List<TrialRecord> records(Transcript t);
}
