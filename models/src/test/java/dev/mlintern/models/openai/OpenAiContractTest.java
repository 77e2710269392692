package dev.mlintern.models.openai;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.models.http.ModelHttp;
import dev.mlintern.testkit.ChatModelContract;
import dev.mlintern.testkit.FakeModelServer;
import dev.mlintern.testkit.FakeOpenAiServer;

class OpenAiContractTest extends ChatModelContract {
  @Override
  protected FakeModelServer newServer() {
    return new FakeOpenAiServer();
  }

  @Override
  protected ChatModel newModel(String baseUrl, String apiKey) {
    return new OpenAiChatModel(
        ModelHttp.defaultClient(),
        baseUrl,
        apiKey,
        "gpt-4o",
        OpenAiChatModel.Options.defaults("openai:gpt-4o").withProvider("openai"));
  }
}
