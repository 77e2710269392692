package dev.mlintern.app.pinned;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.RunRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerPinTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  private static RunRecord run(
      String id, String experiment, String status, String metrics, int second) throws Exception {
    return new RunRecord(
        id,
        experiment,
        null,
        null,
        null,
        null,
        null,
        null,
        "local",
        null,
        status,
        JSON.readTree(metrics),
        null,
        null,
        Instant.parse("2026-06-01T12:00:00Z").plusSeconds(second));
  }

  @Test
  void keepsTheBestAndLatestRunOfEachRecentExperiment() throws Exception {
    LedgerDb db = LedgerDb.open(home);
    Ledger ledger = new Ledger(db, Clock.systemUTC());
    ledger.record(run("r1", "sft-gsm8k", "ok", "{\"accuracy\": 0.41, \"loss\": 1.2}", 1));
    ledger.record(run("r2", "sft-gsm8k", "ok", "{\"accuracy\": 0.47, \"loss\": 1.1}", 2));
    ledger.record(run("r3", "sft-gsm8k", "failed", "{}", 3));
    ledger.record(run("e1", "dpo-loss", "ok", "{\"eval_loss\": 0.9}", 4));
    ledger.record(run("e2", "dpo-loss", "ok", "{\"eval_loss\": 0.7}", 5));
    ledger.record(run("e3", "dpo-loss", "ok", "{\"eval_loss\": 0.8}", 6));

    String pinned = new LedgerPin(ledger).get();

    assertThat(pinned)
        .contains(
            "- experiment sft-gsm8k (3 runs); best on accuracy: r2 [ok] accuracy=0.4700 loss=1.100;"
                + " latest: r3 [failed]")
        .contains(
            "- experiment dpo-loss (3 runs); best on eval_loss: e2 [ok] eval_loss=0.7000; latest: e3"
                + " [ok] eval_loss=0.8000");
    db.close();
  }

  @Test
  void anEmptyLedgerPinsNothing() {
    LedgerDb db = LedgerDb.open(home);
    assertThat(new LedgerPin(new Ledger(db, Clock.systemUTC())).get()).isEmpty();
    db.close();
  }
}
