package dev.mlintern.web;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.LogChunk;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.LogReader;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.ledger.JobTable;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.secret.Secrets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Every job and experiment in compute's ledger, whichever session (or none: the CLI) made them:
 * what the global {@code /jobs} and {@code /experiments} pages read. Logs come back with the
 * settings' secrets redacted. {@link #none()} is the board of a server without a ledger: empty.
 */
final class JobBoard {
  /** Which jobs to list: null fields match all; {@code session} "" matches CLI jobs only. */
  record Filter(String state, String executor, String session) {}

  private final JobTable jobs;
  private final Ledger ledger;
  private final Secrets secrets;

  private JobBoard(JobTable jobs, Ledger ledger, Secrets secrets) {
    this.jobs = jobs;
    this.ledger = ledger;
    this.secrets = secrets;
  }

  static JobBoard over(LedgerDb db, Secrets secrets) {
    return new JobBoard(new JobTable(db), new Ledger(db, Clock.systemUTC()), secrets);
  }

  static JobBoard none() {
    return new JobBoard(null, null, Secrets.none());
  }

  List<JobRecord> page(Filter filter, int offset, int limit) {
    return jobs == null
        ? List.of()
        : jobs.page(filter.state(), filter.executor(), filter.session(), offset, limit);
  }

  Optional<JobRecord> job(String id) {
    return jobs == null ? Optional.empty() : jobs.get(id);
  }

  /** The job's last metric point, if it reported any. */
  Optional<MetricPoint> lastMetric(String id) {
    if (jobs == null) {
      return Optional.empty();
    }
    List<MetricPoint> points = jobs.metrics(id);
    return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
  }

  /** The job's log from byte {@code offset}, at most {@code maxChars}, secrets redacted. */
  Optional<LogChunk> log(String id, long offset, int maxChars) {
    return job(id)
        .map(
            job -> {
              LogChunk chunk =
                  LogReader.read(job.log(), new LogQuery(null, offset, null, maxChars));
              return new LogChunk(
                  chunk.lines().stream().map(secrets::redact).toList(),
                  chunk.nextOffset(),
                  chunk.truncated());
            });
  }

  List<Ledger.ExperimentSummary> experiments() {
    return ledger == null ? List.of() : ledger.experiments();
  }
}
