package dev.mlintern.testkit.tools;

import dev.mlintern.core.builtin.EditTool;
import dev.mlintern.core.builtin.ListTool;
import dev.mlintern.core.builtin.PlanTool;
import dev.mlintern.core.builtin.ReadTool;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.builtin.ShellTool;
import dev.mlintern.core.builtin.WriteTool;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.testkit.ToolContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** Every tool in core passes the shared tool contract. */
class CoreToolContractsTest {
  @Nested
  class Plan extends ToolContract<PlanTool.Input> {
    protected Tool<PlanTool.Input> tool() {
      return new PlanTool();
    }

    protected PlanTool.Input sampleInput() {
      return new PlanTool.Input(
          List.of(
              new PlanTool.Item("audit", PlanTool.Status.IN_PROGRESS),
              new PlanTool.Item("train", PlanTool.Status.PENDING)));
    }

    protected String badArguments() {
      return "{\"items\": [{\"content\": \"x\", \"status\": \"started\"}]}";
    }

    protected List<PlanTool.Input> rejectedInputs() {
      return List.of(new PlanTool.Input(List.of(new PlanTool.Item(" ", PlanTool.Status.PENDING))));
    }
  }

  @Nested
  class Read extends ToolContract<ReadTool.Input> {
    protected Tool<ReadTool.Input> tool() {
      return new ReadTool();
    }

    protected ReadTool.Input sampleInput() {
      return new ReadTool.Input("data/train.csv", 10, 20);
    }

    protected String badArguments() {
      return "{\"offset\": 1}";
    }

    protected List<ReadTool.Input> rejectedInputs() {
      return List.of(
          new ReadTool.Input("missing.txt", null, null), new ReadTool.Input("../x", null, null));
    }
  }

  @Nested
  class Write extends ToolContract<WriteTool.Input> {
    protected Tool<WriteTool.Input> tool() {
      return new WriteTool();
    }

    protected WriteTool.Input sampleInput() {
      return new WriteTool.Input("train.py", "print('hi')\n");
    }

    protected String badArguments() {
      return "{\"path\": \"a\", \"content\": [1, 2]}";
    }

    protected List<WriteTool.Input> rejectedInputs() {
      return List.of(new WriteTool.Input("/etc/passwd", "x"), new WriteTool.Input(".", "x"));
    }
  }

  @Nested
  class Edit extends ToolContract<EditTool.Input> {
    protected Tool<EditTool.Input> tool() {
      return new EditTool();
    }

    protected EditTool.Input sampleInput() {
      return new EditTool.Input("train.py", "lr = 0.1", "lr = 0.01", false);
    }

    protected String badArguments() {
      return "{\"path\": \"a\", \"oldText\": \"x\"}";
    }

    protected List<EditTool.Input> rejectedInputs() {
      return List.of(new EditTool.Input("missing.py", "a", "b", null));
    }
  }

  @Nested
  class ListFolder extends ToolContract<ListTool.Input> {
    protected Tool<ListTool.Input> tool() {
      return new ListTool();
    }

    protected ListTool.Input sampleInput() {
      return new ListTool.Input("data", 2);
    }

    protected String badArguments() {
      return "{\"depth\": \"deep\"}";
    }

    protected List<ListTool.Input> rejectedInputs() {
      return List.of(new ListTool.Input(".", 9), new ListTool.Input("nope", null));
    }
  }

  @Nested
  class Shell extends ToolContract<ShellTool.Input> {
    protected Tool<ShellTool.Input> tool() {
      return new ShellTool(Sandbox.none(), Duration.ofSeconds(10), 4096);
    }

    protected ShellTool.Input sampleInput() {
      return new ShellTool.Input("ls -la", 30);
    }

    protected String badArguments() {
      return "{\"command\": \"ls\", \"timeoutSeconds\": 1.5}";
    }

    protected List<ShellTool.Input> rejectedInputs() {
      return List.of(new ShellTool.Input("sleep 5", 1), new ShellTool.Input("ls", 99999));
    }
  }
}
