package dev.mlintern.models.anthropic;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.models.http.ModelHttp;
import dev.mlintern.testkit.ChatModelContract;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeModelServer;

class AnthropicContractTest extends ChatModelContract {
  @Override
  protected FakeModelServer newServer() {
    return new FakeAnthropicServer();
  }

  @Override
  protected ChatModel newModel(String baseUrl, String apiKey) {
    return new AnthropicChatModel(
        ModelHttp.defaultClient(),
        baseUrl,
        apiKey,
        "claude-haiku-4-5",
        AnthropicChatModel.Options.defaults("claude-haiku-4-5"));
  }
}
