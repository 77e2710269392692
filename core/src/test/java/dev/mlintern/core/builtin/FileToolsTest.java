package dev.mlintern.core.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {
  @TempDir Path workspace;
  ToolContext context;
  final List<AgentEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    context =
        new ToolContext(
            "s", "c", workspace, events::add, dev.mlintern.core.secret.Secrets.none(), () -> false);
  }

  @Test
  void writeThenReadAWindowOfLines() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      text.append("line ").append(i).append('\n');
    }
    assertThat(
            new WriteTool()
                .call(new WriteTool.Input("src/a.txt", text.toString()), context)
                .content())
        .startsWith("created src/a.txt");
    String window = new ReadTool().call(new ReadTool.Input("src/a.txt", 3, 2), context).content();
    assertThat(window)
        .isEqualTo("     3\tline 3\n     4\tline 4\n(lines 3-4 of 10; pass offset=5 to read on)");
    assertThatThrownBy(
            () -> new ReadTool().call(new ReadTool.Input("src/a.txt", 11, null), context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("has 10 lines");
  }

  @Test
  void noFileToolFollowsALinkOutOfTheWorkspaceDanglingOrNot(@TempDir Path outside)
      throws Exception {
    Path target = outside.resolve("planted.txt");
    Files.createSymbolicLink(workspace.resolve("dangling"), target);
    Files.createSymbolicLink(workspace.resolve("out"), outside);
    Files.writeString(outside.resolve("secret.txt"), "outside secret");
    Files.createSymbolicLink(workspace.resolve("to-secret"), outside.resolve("secret.txt"));
    Files.createDirectories(workspace.resolve("inner"));
    Files.createSymbolicLink(workspace.resolve("inner-link"), workspace.resolve("inner"));
    Files.createSymbolicLink(workspace.resolve("nowhere"), workspace.resolve("missing"));
    for (String path : List.of("dangling", "out/new.txt", "to-secret", "nowhere", "out")) {
      assertThatThrownBy(() -> new WriteTool().call(new WriteTool.Input(path, "x"), context))
          .as(path)
          .isInstanceOf(ToolException.class);
    }
    assertThatThrownBy(
            () -> new ReadTool().call(new ReadTool.Input("to-secret", null, null), context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("through a link");
    assertThatThrownBy(
            () ->
                new EditTool()
                    .call(new EditTool.Input("to-secret", "outside", "mine", null), context))
        .isInstanceOf(ToolException.class);
    assertThat(target).doesNotExist();
    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
    new WriteTool().call(new WriteTool.Input("inner-link/ok.txt", "fine"), context);
    assertThat(workspace.resolve("inner").resolve("ok.txt")).hasContent("fine");
  }

  @Test
  void readRefusesBinaryFilesFoldersAndPathsOutside() throws Exception {
    Files.write(workspace.resolve("model.bin"), new byte[] {1, 0, 2});
    assertThatThrownBy(
            () -> new ReadTool().call(new ReadTool.Input("model.bin", null, null), context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("binary");
    assertThatThrownBy(() -> new ReadTool().call(new ReadTool.Input(".", null, null), context))
        .hasMessageContaining("directory");
    assertThatThrownBy(
            () -> new ReadTool().call(new ReadTool.Input("../../etc/passwd", null, null), context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("outside the session workspace");
    assertThatThrownBy(() -> new WriteTool().call(new WriteTool.Input("/tmp/x", "y"), context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void editReplacesOneExactMatchOrExplains() throws Exception {
    Files.writeString(workspace.resolve("t.py"), "lr = 0.1\nepochs = 3\nlr_min = 0.1\n");
    EditTool edit = new EditTool();
    assertThatThrownBy(() -> edit.call(new EditTool.Input("t.py", "0.1", "0.01", null), context))
        .hasMessageContaining("occurs 2 times");
    assertThatThrownBy(() -> edit.call(new EditTool.Input("t.py", "lr = 1", "x", null), context))
        .hasMessageContaining("not found");
    edit.call(new EditTool.Input("t.py", "lr = 0.1", "lr = 0.01 $1", null), context);
    assertThat(Files.readString(workspace.resolve("t.py")))
        .isEqualTo("lr = 0.01 $1\nepochs = 3\nlr_min = 0.1\n");
    assertThat(edit.call(new EditTool.Input("t.py", "0.1", "0.2", true), context).content())
        .contains("1 occurrence");
  }

  @Test
  void listShowsEntriesWithSizesToTheRequestedDepth() throws Exception {
    Files.createDirectories(workspace.resolve("data/raw"));
    Files.writeString(workspace.resolve("data/raw/x.csv"), "a,b\n");
    Files.writeString(workspace.resolve("README.md"), "hi");
    ListTool list = new ListTool();
    assertThat(list.call(new ListTool.Input(null, null), context).content())
        .isEqualTo("README.md  (2 B)\ndata/");
    assertThat(list.call(new ListTool.Input("data", 3), context).content())
        .isEqualTo("raw/\nraw/x.csv  (4 B)");
    assertThatThrownBy(() -> list.call(new ListTool.Input("nope", null), context))
        .isInstanceOf(ToolException.class);
  }

  @Test
  void planReplacesTheListAndEmitsAnEvent() {
    PlanTool plan = new PlanTool();
    String out =
        plan.call(
                new PlanTool.Input(
                    List.of(
                        new PlanTool.Item("audit data", PlanTool.Status.COMPLETED),
                        new PlanTool.Item("train baseline", PlanTool.Status.IN_PROGRESS),
                        new PlanTool.Item("report", PlanTool.Status.PENDING))),
                context)
            .content();
    assertThat(out).isEqualTo("Plan:\n[x] audit data\n[>] train baseline\n[ ] report");
    assertThat(events)
        .containsExactly(
            new AgentEvent.PlanUpdated(
                List.of(
                    new AgentEvent.PlanItem("audit data", "completed"),
                    new AgentEvent.PlanItem("train baseline", "in_progress"),
                    new AgentEvent.PlanItem("report", "pending"))));
    assertThatThrownBy(
            () ->
                plan.call(
                    new PlanTool.Input(
                        List.of(
                            new PlanTool.Item("a", PlanTool.Status.IN_PROGRESS),
                            new PlanTool.Item("b", PlanTool.Status.IN_PROGRESS))),
                    context))
        .hasMessageContaining("only one item");
  }
}
