package dev.mlintern.core.config;

import java.util.Map;

/**
 * Where mlintern's HTTP services are, each from its setting or else the public default; the one
 * place those defaults are written. Read once with the {@link Settings} and handed to the clients,
 * so tests and air-gapped users can point every call at a local server.
 *
 * @param hub the Hugging Face Hub and Jobs API ({@code HF_ENDPOINT})
 * @param datasetsServer the dataset viewer API ({@code MLINTERN_DATASETS_SERVER_URL})
 * @param papers Hugging Face Papers ({@code MLINTERN_PAPERS_URL}; default: the Hub)
 * @param arxivApi the arXiv query API ({@code MLINTERN_ARXIV_URL})
 * @param arxivWeb arXiv abstract, HTML and PDF pages ({@code MLINTERN_ARXIV_URL})
 * @param semanticScholar the Semantic Scholar Graph API ({@code MLINTERN_S2_URL})
 * @param anthropic the Anthropic Messages API ({@code ANTHROPIC_BASE_URL})
 * @param openai the OpenAI API ({@code OPENAI_BASE_URL})
 * @param hfRouter the Hugging Face inference router ({@code MLINTERN_HF_ROUTER_URL})
 * @param ollama a local Ollama server ({@code OLLAMA_HOST})
 */
public record Endpoints(
    String hub,
    String datasetsServer,
    String papers,
    String arxivApi,
    String arxivWeb,
    String semanticScholar,
    String anthropic,
    String openai,
    String hfRouter,
    String ollama) {

  /** The endpoints {@code values} (settings keyed by environment names) name, else the defaults. */
  public static Endpoints from(Map<String, String> values) {
    String hub = value(values, "HF_ENDPOINT", "https://huggingface.co");
    return new Endpoints(
        hub,
        value(values, "MLINTERN_DATASETS_SERVER_URL", "https://datasets-server.huggingface.co"),
        value(values, "MLINTERN_PAPERS_URL", hub),
        value(values, "MLINTERN_ARXIV_URL", "https://export.arxiv.org"),
        value(values, "MLINTERN_ARXIV_URL", "https://arxiv.org"),
        value(values, "MLINTERN_S2_URL", "https://api.semanticscholar.org"),
        value(values, "ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
        value(values, "OPENAI_BASE_URL", "https://api.openai.com/v1"),
        value(values, "MLINTERN_HF_ROUTER_URL", "https://router.huggingface.co/v1"),
        value(values, "OLLAMA_HOST", "http://localhost:11434"));
  }

  private static String value(Map<String, String> values, String key, String fallback) {
    String value = values.get(key);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * What a client says when a service refused the connection: which service, where it looked, and
   * the setting that moves it; {@code alsoTrue} adds what else the caller knows (" and nothing is
   * cached").
   */
  public static String nothingAnswers(
      String service, String base, String setting, String alsoTrue) {
    return service
        + ": nothing answers at "
        + base
        + " (connection refused)"
        + alsoTrue
        + "; check the network, or set "
        + setting
        + " to a server that answers";
  }
}
