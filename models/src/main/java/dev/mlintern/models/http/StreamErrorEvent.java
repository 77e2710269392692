package dev.mlintern.models.http;

/**
 * Thrown by a stream handler when the provider sends an error inside an HTTP 200 event stream
 * (Anthropic's {@code event: error}, an OpenAI-style chunk with an {@code error} object); {@link
 * ModelHttp#stream} turns it into the right {@link dev.mlintern.core.model.ModelException}.
 */
public final class StreamErrorEvent extends RuntimeException {
  private final String data;

  public StreamErrorEvent(String data) {
    super("error event in the stream", null, false, false);
    this.data = data;
  }

  public String data() {
    return data;
  }
}
