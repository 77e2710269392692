package dev.mlintern.data.hub;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fetches a Hub dataset's parquet export for local work: {@code hf:owner/name[:config[:split]]}
 * becomes a cache folder holding that split's parquet files, listed by the dataset viewer and
 * downloaded through {@link HubCache} (split defaults to {@code train}, config to the first one
 * listed).
 */
public final class HubDatasets {
  public static final String PREFIX = "hf:";
  private final DatasetViewerClient viewer;
  private final HubCache cache;

  public HubDatasets(DatasetViewerClient viewer, HubCache cache) {
    this.viewer = viewer;
    this.cache = cache;
  }

  public static boolean isHub(String source) {
    return source != null && source.startsWith(PREFIX);
  }

  public Path fetch(String source) {
    String[] parts = source.substring(PREFIX.length()).split(":");
    String dataset = parts[0];
    List<DatasetViewerClient.ParquetFile> files =
        viewer.parquet(dataset, parts.length > 1 ? parts[1] : null);
    if (files.isEmpty()) {
      throw new DataException(
          Kind.NOT_FOUND, "dataset viewer: " + dataset + " has no parquet export yet; retry later");
    }
    String config = parts.length > 1 ? parts[1] : files.get(0).config();
    String split = parts.length > 2 ? parts[2] : "train";
    List<DatasetViewerClient.ParquetFile> chosen =
        files.stream().filter(f -> f.config().equals(config) && f.split().equals(split)).toList();
    if (chosen.isEmpty()) {
      throw new DataException(
          Kind.NOT_FOUND,
          "dataset viewer: "
              + dataset
              + " has no split '"
              + split
              + "' in config '"
              + config
              + "'; available: "
              + files.stream().map(f -> f.config() + ":" + f.split()).distinct().toList());
    }
    Path folder = null;
    for (DatasetViewerClient.ParquetFile f : chosen) {
      String path = URI.create(f.url()).getRawPath();
      int resolve = path.indexOf("/resolve/");
      String rest = path.substring(resolve + "/resolve/".length());
      int slash = rest.indexOf('/');
      String revision =
          java.net.URLDecoder.decode(
              rest.substring(0, slash), java.nio.charset.StandardCharsets.UTF_8);
      Path file =
          cache.download(
              RepoKind.DATASET, dataset, revision, rest.substring(slash + 1), Optional.empty());
      folder = file.getParent();
    }
    return folder;
  }
}
