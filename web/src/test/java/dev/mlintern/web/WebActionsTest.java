package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebActionsTest {
  @TempDir Path dir;
  Served served;
  StoreEngine engine;
  WebClient client;
  String session;
  String base;

  @BeforeEach
  void start() {
    served = Served.start(dir, Secrets.none());
    engine = served.engine();
    client = served.client();
    session = engine.create("act on me");
    base = "/sessions/" + session;
  }

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void theNewSessionFormStartsASessionAndOpensIt() {
    HttpResponse<String> created =
        client.post(
            "/sessions",
            Map.of(
                "goal",
                "Beat 0.9 on digits",
                "data",
                "sklearn:digits",
                "model",
                "autopilot",
                "maxUsd",
                "2.5",
                "maxMinutes",
                "30",
                "executor",
                "local"));
    assertThat(created.statusCode()).isEqualTo(303);
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/sessions/s-test");
    assertThat(client.get(location).body()).contains("Beat 0.9 on digits");
    assertThat(client.get("/").body()).contains("Beat 0.9 on digits").contains("act on me");

    assertThat(client.post("/sessions", Map.of("goal", " ")).statusCode()).isEqualTo(400);
    assertThat(client.post("/sessions", Map.of("goal", "x", "maxUsd", "lots")).statusCode())
        .isEqualTo(400);
    assertThat(client.get("/new").body()).contains("name=\"executor\"").contains("name=\"_csrf\"");
  }

  @Test
  void approvalRepliesReachTheEngine() throws Exception {
    String approvals = base + "/approvals/";
    assertThat(client.post(approvals + "c1", Map.of("outcome", "approved")).statusCode())
        .isEqualTo(204);
    assertThat(
            client
                .post(
                    approvals + "c2",
                    Map.of("outcome", "approved_edited", "arguments", "{\"lr\": 0.05}"))
                .statusCode())
        .isEqualTo(204);
    assertThat(
            client
                .post(approvals + "c3", Map.of("outcome", "rejected", "feedback", "too expensive"))
                .statusCode())
        .isEqualTo(204);
    assertThat(
            client
                .post(approvals + "c4", Map.of("outcome", "approved_edited", "arguments", "{lr: "))
                .statusCode())
        .isEqualTo(400);
    assertThat(client.post(approvals + "c5", Map.of("outcome", "maybe")).statusCode())
        .isEqualTo(400);
    HttpResponse<String> stale = client.post(approvals + "gone-1", Map.of("outcome", "approved"));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("not waiting");
    assertThat(List.copyOf(engine.replies))
        .containsExactly(
            ApprovalReply.approve("c1"),
            ApprovalReply.approveEdited("c2", "{\"lr\": 0.05}"),
            ApprovalReply.reject("c3", "too expensive"));
  }

  @Test
  void interruptAndJobCancelReachTheEngine() {
    engine.append(
        session,
        new AgentEvent.JobSubmitted("j-cccccccccccc", "local", "77", "python train.py", Map.of()));
    engine.append(session, new AgentEvent.JobStatus("j-cccccccccccc", "running", null, null));
    assertThat(client.get(base + "/jobs/rows").body()).contains("running").contains("Cancel");

    assertThat(client.post(base + "/jobs/j-cccccccccccc/cancel", Map.of()).statusCode())
        .isEqualTo(204);
    assertThat(engine.cancelled).containsExactly("j-cccccccccccc");
    assertThat(client.get(base + "/jobs/rows").body())
        .contains("cancelled")
        .doesNotContain(">Cancel<");

    assertThat(client.post(base + "/interrupt", Map.of()).statusCode()).isEqualTo(204);
    assertThat(engine.interrupts).containsExactly(session);
  }

  @Test
  void theJobLogStreamsEscapedLinesForHtmx() {
    engine.append(
        session,
        new AgentEvent.JobSubmitted("j-dddddddddddd", "local", "78", "python train.py", Map.of()));
    long after = engine.session(session).orElseThrow().lastSeq();
    String sse =
        EventStreamReader.read(
            client,
            base + "/jobs/j-dddddddddddd/log?after=" + after,
            null,
            1,
            () -> {
              engine.append(
                  session, new AgentEvent.JobLog("j-other000000", List.of("not this job")));
              engine.append(
                  session,
                  new AgentEvent.JobLog("j-dddddddddddd", List.of("epoch 1 <b>loss</b> 0.5")));
            });
    assertThat(sse)
        .contains("event: log")
        .contains("epoch 1 &lt;b&gt;loss&lt;/b&gt; 0.5")
        .doesNotContain("not this job");
    assertThat(client.get(base + "/jobs/j-dddddddddddd").body())
        .contains("sse-connect=\"" + base + "/jobs/j-dddddddddddd/log");
  }

  @Test
  void unknownThingsAre404AndAssetsAreServed() {
    assertThat(client.get("/sessions/s-nope").statusCode()).isEqualTo(404);
    assertThat(client.get("/sessions/s-nope/events").statusCode()).isEqualTo(404);
    assertThat(client.get(base + "/jobs/j-nope").statusCode()).isEqualTo(404);
    assertThat(client.get("/assets/nope.js").statusCode()).isEqualTo(404);
    assertThat(client.get("/assets/..%2Fpom.xml").statusCode()).isEqualTo(404);
    HttpResponse<String> htmx = client.get("/assets/htmx.min.js");
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(htmx.body()).contains("htmx");
    for (String asset :
        List.of(
            "sse.js",
            "uPlot.iife.min.js",
            "uPlot.min.css",
            "app.css",
            "timeline.js",
            "charts.js")) {
      assertThat(client.get("/assets/" + asset).statusCode()).as(asset).isEqualTo(200);
    }
  }
}
