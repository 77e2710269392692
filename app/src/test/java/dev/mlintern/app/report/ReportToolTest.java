package dev.mlintern.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.JsonSchemas;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportToolTest {
  @TempDir Path workspace;

  /** Arguments shaped like the autopilot's report call (written here). */
  private static final String ARGS =
      """
      {"title":"mlintern autopilot: toy","goal":"predict y","metric":"accuracy","higherIsBetter":true,
       "audit":["100 training rows","fix: drop the duplicate rows before training"],
       "priors":[],
       "trials":[
         {"name":"simple.cv","candidate":"simple","family":"linear","mode":"cv","folds":"[0, 1]","status":"ok",
          "score":0.81,"std":0.01,"trainScore":0.83,"seconds":2.5,"config":"{\\"family\\":\\"linear\\"}"},
         {"name":"hgb.r0","candidate":"hgb","family":"hgb","mode":"cv","folds":"[0]","status":"ok","score":0.86,
          "std":0.0,"trainScore":0.99,"seconds":4.0,"config":"{\\"family\\":\\"hgb\\"}"},
         {"name":"knn.r0","candidate":"knn","family":"knn","mode":"cv","status":"failed","note":"ValueError: boom"},
         {"name":"hgb.val","candidate":"hgb","family":"hgb","mode":"holdout","status":"ok","score":0.85,"std":0.004}],
       "curves":[{"trial":"hgb.r0","split":"train","points":[[10,0.9],[20,0.95]]},
                 {"trial":"hgb.r0","split":"valid","points":[[10,0.84],[20,0.86]]}],
       "validation":[{"candidate":"hgb","cvScore":0.86,"cvStd":0.01,"score":0.85,"std":0.004,"complexity":5},
                     {"candidate":"simple","cvScore":0.81,"cvStd":0.01,"score":0.80,"std":0.0,"complexity":1}],
       "chosen":{"candidate":"hgb","recipe":"autopilot-tabular/hgb","config":"{\\"family\\":\\"hgb\\"}",
                 "why":"hgb has the best validation accuracy (0.85000) of 2 finalists","score":0.85,"std":0.004,
                 "seeds":[0,1,2]},
       "diagnosis":["dropped knn after trial knn.r0 failed: ValueError: boom"],
       "nextSteps":["stack the finalists"],
       "reproduce":"mlintern bench run toy --time-budget 5m --out out",
       "submission":"submission.csv","elapsedSeconds":42.0}
      """;

  @Test
  void writesASelfContainedHtmlAndAMarkdownReportWithPlots() throws Exception {
    ReportTool tool = new ReportTool();
    ReportInput input =
        ToolInputs.decode("report", ReportInput.class, new ObjectMapper().readTree(ARGS));
    var result = tool.call(input, ToolContext.standalone(workspace));
    assertThat(result.content()).contains("report.html").contains("3 plots");

    String html = Files.readString(workspace.resolve("report.html"));
    assertThat(html)
        .contains("<h2>Goal</h2>")
        .contains("predict y")
        .contains("<h2>Data audit</h2>")
        .contains("<h2>What was tried</h2>")
        .contains("<h2>Learning curves</h2>")
        .contains("<h2>Metric per trial</h2>")
        .contains("<h2>Chosen configuration and why</h2>")
        .contains("best validation accuracy")
        .contains("<h2>Final metric</h2>")
        .contains("<h2>Diagnosis</h2>")
        .contains("<h2>Next steps</h2>")
        .contains("mlintern bench run toy")
        .doesNotContain("src=\"http")
        .doesNotContain("src=\"learning");
    int images = html.split("src=\"data:image/png;base64,", -1).length - 1;
    assertThat(images).isEqualTo(3);
    String first =
        html.substring(html.indexOf("base64,") + 7, html.indexOf('"', html.indexOf("base64,")));
    byte[] png = Base64.getDecoder().decode(first);
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

    String md = Files.readString(workspace.resolve("report.md"));
    assertThat(md)
        .contains("| 3 | knn.r0 | knn | cv |")
        .contains("ValueError: boom")
        .contains("![learning curves](learning-curves.png)")
        .contains("0.85000 ± 0.00400");
    assertThat(workspace.resolve("learning-curves.png")).exists();
    assertThat(workspace.resolve("validation.png")).exists();
  }

  @Test
  void aShortReportNeedsOnlyTitleAndGoal() throws Exception {
    ReportInput input =
        ToolInputs.decode(
            "report",
            ReportInput.class,
            new ObjectMapper().readTree("{\"title\":\"t\",\"goal\":\"g\"}"));
    new ReportTool().call(input, ToolContext.standalone(workspace));
    assertThat(Files.readString(workspace.resolve("report.md")))
        .contains("No trials were reported.");
    assertThat(JsonSchemas.of(ReportInput.class).path("required").toString())
        .isEqualTo("[\"title\",\"goal\"]");
    assertThat(new ReportTool().description()).contains("report.html");
  }
}
