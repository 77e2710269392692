package dev.mlintern.testkit.loop;

import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Small tools for loop tests, written here; descriptions are inline (loop tests do not check
 * resources).
 */
final class TestTools {
  private TestTools() {}

  public record Text(@Param(value = "anything", optional = true) String text) {}

  /** A tool with a given name, effects, cost and behaviour, counting its calls. */
  static final class Fake implements Tool<Text> {
    final String name;
    final Set<Effect> effects;
    final Double usd;
    final BiFunction<Text, ToolContext, ToolResult> body;
    final AtomicInteger calls = new AtomicInteger();
    volatile String note = "";

    Fake(
        String name,
        Set<Effect> effects,
        Double usd,
        BiFunction<Text, ToolContext, ToolResult> body) {
      this.name = name;
      this.effects = effects;
      this.usd = usd;
      this.body = body;
    }

    static Fake reading(String name, BiFunction<Text, ToolContext, ToolResult> body) {
      return new Fake(name, Set.of(Effect.READ), null, body);
    }

    static Fake echo(String name) {
      return reading(name, (in, ctx) -> ToolResult.of("echo: " + in.text()));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "test tool " + name;
    }

    @Override
    public Class<Text> inputType() {
      return Text.class;
    }

    @Override
    public ToolResult call(Text input, ToolContext context) {
      calls.incrementAndGet();
      return body.apply(input, context);
    }

    @Override
    public Set<Effect> effects(Text input) {
      return effects;
    }

    @Override
    public OptionalDouble estimateUsd(Text input) {
      return usd == null ? OptionalDouble.empty() : OptionalDouble.of(usd);
    }

    @Override
    public String approvalNote(Text input) {
      return note;
    }
  }
}
