package dev.mlintern.data.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dataset viewer (datasets-server) API: what a Hub dataset holds without downloading it —
 * validity, splits, first rows, pages of rows, full-text search, SQL-like filters, column
 * statistics, parquet exports, info and size. Use it to inspect a dataset before deciding to
 * download it. "Not ready yet" responses are retried a few times and then reported as {@link
 * Kind#NOT_READY}; blocked datasets (501) as {@link Kind#BLOCKED}. Responses are returned as JSON
 * trees because the API adds fields often.
 */
public final class DatasetViewerClient {

  /** Most rows the viewer returns per call. */
  public static final int MAX_PAGE = 100;

  /** One parquet file of the dataset's export. */
  public record ParquetFile(String config, String split, String url, String filename, long size) {}

  /** One config/split pair. */
  public record Split(String config, String split) {}

  private final HubHttp http;

  public DatasetViewerClient(
      HttpClient client, String baseUrl, Optional<String> token, Sleeper sleeper) {
    this.http =
        new HubHttp(
            client, baseUrl, token, sleeper, "dataset viewer", "MLINTERN_DATASETS_SERVER_URL");
  }

  /**
   * From {@code MLINTERN_DATASETS_SERVER_URL} (default datasets-server.huggingface.co) and {@code
   * HF_TOKEN}.
   */
  public static DatasetViewerClient fromSettings(Settings settings) {
    return new DatasetViewerClient(
        HubClient.defaultHttpClient(),
        settings.endpoints().datasetsServer(),
        settings.secrets().value("HF_TOKEN"),
        Sleeper.SYSTEM);
  }

  public JsonNode isValid(String dataset) {
    return get("/is-valid", params(dataset, null, null), dataset);
  }

  public List<Split> splits(String dataset) {
    JsonNode body = get("/splits", params(dataset, null, null), dataset);
    List<Split> splits = new ArrayList<>();
    for (JsonNode s : body.path("splits")) {
      splits.add(new Split(s.path("config").asText(), s.path("split").asText()));
    }
    return splits;
  }

  public JsonNode firstRows(String dataset, String config, String split) {
    return get("/first-rows", params(dataset, config, split), dataset);
  }

  public JsonNode rows(String dataset, String config, String split, long offset, int length) {
    Map<String, Object> p = paged(dataset, config, split, offset, length);
    return get("/rows", p, dataset);
  }

  public JsonNode search(
      String dataset, String config, String split, String query, long offset, int length) {
    Map<String, Object> p = paged(dataset, config, split, offset, length);
    p.put("query", query);
    return get("/search", p, dataset);
  }

  /**
   * Rows matching {@code where} (SQL: double-quoted columns, single-quoted strings), optionally
   * ordered.
   */
  public JsonNode filter(
      String dataset,
      String config,
      String split,
      String where,
      String orderBy,
      long offset,
      int length) {
    Map<String, Object> p = paged(dataset, config, split, offset, length);
    p.put("where", where);
    p.put("orderby", orderBy);
    return get("/filter", p, dataset);
  }

  public JsonNode statistics(String dataset, String config, String split) {
    return get("/statistics", params(dataset, config, split), dataset);
  }

  public List<ParquetFile> parquet(String dataset, String config) {
    JsonNode body = get("/parquet", params(dataset, config, null), dataset);
    List<ParquetFile> files = new ArrayList<>();
    for (JsonNode f : body.path("parquet_files")) {
      files.add(
          new ParquetFile(
              f.path("config").asText(),
              f.path("split").asText(),
              f.path("url").asText(),
              f.path("filename").asText(),
              f.path("size").asLong()));
    }
    return files;
  }

  public JsonNode info(String dataset, String config) {
    return get("/info", params(dataset, config, null), dataset);
  }

  public JsonNode size(String dataset, String config) {
    return get("/size", params(dataset, config, null), dataset);
  }

  private static Map<String, Object> params(String dataset, String config, String split) {
    if (dataset == null || dataset.isBlank()) {
      throw new DataException(
          Kind.BAD_REQUEST, "dataset viewer: a dataset id is required, e.g. ibm/duorc");
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("dataset", dataset);
    p.put("config", config);
    p.put("split", split);
    return p;
  }

  private static Map<String, Object> paged(
      String dataset, String config, String split, long offset, int length) {
    if (config == null || split == null) {
      throw new DataException(
          Kind.BAD_REQUEST, "dataset viewer: config and split are required; list them with splits");
    }
    if (length < 1 || length > MAX_PAGE) {
      throw new DataException(
          Kind.BAD_REQUEST,
          "dataset viewer: length must be between 1 and "
              + MAX_PAGE
              + " (got "
              + length
              + "); page with offset");
    }
    Map<String, Object> p = params(dataset, config, split);
    p.put("offset", Math.max(0, offset));
    p.put("length", length);
    return p;
  }

  private JsonNode get(String endpoint, Map<String, Object> params, String dataset) {
    return http.getJson(
        endpoint + HubHttp.query(params), endpoint.substring(1) + " of dataset " + dataset);
  }
}
