package dev.mlintern.research.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.Section;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The local paper library: folders of PDFs, HTML, Markdown and text files indexed with Lucene
 * (BM25, English stemming), one Lucene document per section, so search works with no network and
 * points at the section to read. Lives in one folder ({@code $MLINTERN_HOME/library}): the Lucene
 * index, each paper's parsed text as JSON for reading, and a manifest of size, mtime and SHA-256
 * per file so that adding a folder again only re-reads what changed and drops what disappeared.
 */
public final class PaperLibrary {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FIELDS = {"title", "heading", "body"};
  private static final int SNIPPET = 240;

  private final Path dir;

  public PaperLibrary(Path dir) {
    this.dir = dir;
  }

  /**
   * Indexes every paper file under {@code path} (a folder or one file), re-reading only what
   * changed.
   */
  public synchronized AddReport add(Path path) {
    Path root = path.toAbsolutePath().normalize();
    if (!Files.exists(root)) {
      throw new ResearchException(Kind.BAD_REQUEST, "no such file or folder: " + path);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root, 12)) {
      files = walk.filter(Files::isRegularFile).filter(LibraryFiles::isPaper).sorted().toList();
    } catch (IOException e) {
      throw new ResearchException(
          Kind.BAD_REQUEST, "cannot list " + path + ": " + e.getMessage(), e);
    }
    Manifest manifest = Manifest.load(dir.resolve("manifest.json"));
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<AddReport.Failure> failed = new ArrayList<>();
    int unchanged = 0;
    try (Directory index = FSDirectory.open(dir.resolve("index"));
        IndexWriter writer = new IndexWriter(index, new IndexWriterConfig(analyzer()))) {
      for (Path file : files) {
        String key = file.toString();
        Manifest.Entry old = manifest.entries.get(key);
        long size = Files.size(file);
        long mtime = Files.getLastModifiedTime(file).toMillis();
        if (old != null && old.size() == size && old.mtime() == mtime) {
          unchanged++;
          continue;
        }
        String sha = sha256(file);
        if (old != null && old.sha256().equals(sha)) {
          manifest.entries.put(key, new Manifest.Entry(old.id(), old.title(), size, mtime, sha));
          unchanged++;
          continue;
        }
        String id = old != null ? old.id() : idFor(file);
        try {
          PaperDocument doc = LibraryFiles.read(file, "library:" + id);
          writer.deleteDocuments(new Term("doc", id));
          index(writer, id, key, doc);
          Files.createDirectories(dir.resolve("docs"));
          JSON.writeValue(dir.resolve("docs").resolve(id + ".json").toFile(), doc);
          manifest.entries.put(key, new Manifest.Entry(id, doc.title(), size, mtime, sha));
          (old == null ? added : updated).add(key);
        } catch (ResearchException e) {
          failed.add(new AddReport.Failure(key, e.getMessage()));
          if (old != null) {
            drop(writer, manifest, key, old);
          }
        } catch (RuntimeException e) {
          failed.add(new AddReport.Failure(key, "unreadable: " + e));
        }
      }
      for (String key : List.copyOf(manifest.entries.keySet())) {
        if (Path.of(key).startsWith(root) && !Files.exists(Path.of(key))) {
          drop(writer, manifest, key, manifest.entries.get(key));
          removed.add(key);
        }
      }
      writer.commit();
    } catch (LockObtainFailedException e) {
      throw new ResearchException(
          Kind.UNAVAILABLE,
          "the paper library is being updated by another mlintern process; "
              + "try again when it has finished",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the paper library in " + dir, e);
    }
    manifest.save();
    return new AddReport(added, updated, unchanged, removed, failed, manifest.entries.size());
  }

  /** Best sections for {@code query}, at most one hit per paper, best first. */
  public List<LibraryHit> search(String query, int limit) {
    if (query == null || query.isBlank()) {
      throw new ResearchException(
          Kind.BAD_REQUEST, "the library search query is empty; pass words to look for");
    }
    Path indexDir = dir.resolve("index");
    if (!Files.isDirectory(indexDir)) {
      throw new ResearchException(
          Kind.NOT_FOUND,
          "the local paper library is empty; add a folder of papers first "
              + "(mlintern library add PATH, or the library tool's add operation)");
    }
    try (Directory index = FSDirectory.open(indexDir);
        DirectoryReader reader = DirectoryReader.open(index)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      Map<String, LibraryHit> best = new LinkedHashMap<>();
      for (ScoreDoc sd : searcher.search(parse(query), Math.max(50, limit * 10)).scoreDocs) {
        Document d = searcher.storedFields().document(sd.doc);
        String id = d.get("doc");
        if (best.containsKey(id) || best.size() >= limit) {
          continue;
        }
        best.put(
            id,
            new LibraryHit(
                "lib:" + id,
                d.get("title"),
                d.get("path"),
                d.getField("section").numericValue().intValue(),
                d.get("heading"),
                sd.score,
                snippet(d.get("body"), query)));
      }
      return List.copyOf(best.values());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the paper library in " + dir, e);
    }
  }

  /** The parsed text of a library paper, by its id ({@code lib:…}). */
  public PaperDocument document(String id) {
    String bare = id.startsWith("lib:") ? id.substring(4) : id;
    Path file = dir.resolve("docs").resolve(bare + ".json");
    if (!bare.matches("[a-z0-9-]+") || !Files.isRegularFile(file)) {
      throw new ResearchException(
          Kind.NOT_FOUND, "the library has no paper " + id + "; find ids with library search");
    }
    try {
      return JSON.readValue(file.toFile(), PaperDocument.class);
    } catch (IOException e) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT, "the library copy of " + id + " is damaged; add its folder again", e);
    }
  }

  /**
   * Library ids of files whose name contains {@code text}, e.g. an arXiv id in {@code
   * 1706.03762.pdf}.
   */
  public List<String> idsWithFileName(String text) {
    Manifest manifest = Manifest.load(dir.resolve("manifest.json"));
    return manifest.entries.entrySet().stream()
        .filter(e -> Path.of(e.getKey()).getFileName().toString().contains(text))
        .map(e -> "lib:" + e.getValue().id())
        .toList();
  }

  public int size() {
    return Manifest.load(dir.resolve("manifest.json")).entries.size();
  }

  private void drop(IndexWriter writer, Manifest manifest, String key, Manifest.Entry entry)
      throws IOException {
    writer.deleteDocuments(new Term("doc", entry.id()));
    Files.deleteIfExists(dir.resolve("docs").resolve(entry.id() + ".json"));
    manifest.entries.remove(key);
  }

  private static void index(IndexWriter writer, String id, String path, PaperDocument doc)
      throws IOException {
    List<Section> sections = new ArrayList<>(doc.sections());
    if (!doc.abstractText().isBlank()) {
      writer.addDocument(section(id, path, doc.title(), 0, "Abstract", doc.abstractText()));
    }
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      StringBuilder body = new StringBuilder(s.text());
      s.tables().forEach(t -> body.append('\n').append(t.render()));
      writer.addDocument(section(id, path, doc.title(), i + 1, s.heading(), body.toString()));
    }
  }

  private static Document section(
      String id, String path, String title, int index, String heading, String body) {
    Document d = new Document();
    d.add(new StringField("doc", id, Field.Store.YES));
    d.add(new StoredField("path", path));
    d.add(new StoredField("section", index));
    d.add(new TextField("title", title == null ? "" : title, Field.Store.YES));
    d.add(new TextField("heading", heading, Field.Store.YES));
    d.add(new TextField("body", body, Field.Store.YES));
    return d;
  }

  private static Query parse(String query) {
    MultiFieldQueryParser parser =
        new MultiFieldQueryParser(
            FIELDS, analyzer(), Map.of("title", 2f, "heading", 1.5f, "body", 1f));
    try {
      return parser.parse(query);
    } catch (ParseException | RuntimeException e) {
      try {
        return parser.parse(QueryParser.escape(query));
      } catch (ParseException again) {
        throw new ResearchException(
            Kind.BAD_REQUEST, "cannot search for '" + query + "': " + again.getMessage());
      }
    }
  }

  private static String snippet(String body, String query) {
    String lower = body.toLowerCase(Locale.ROOT);
    int at = -1;
    for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() > 2
          && (at = lower.indexOf(word.length() > 5 ? word.substring(0, word.length() - 2) : word))
              >= 0) {
        break;
      }
    }
    int from = Math.max(0, at < 0 ? 0 : at - SNIPPET / 3);
    int to = Math.min(body.length(), from + SNIPPET);
    return (from > 0 ? "…" : "")
        + body.substring(from, to).replaceAll("\\s+", " ").strip()
        + (to < body.length() ? "…" : "");
  }

  private static Analyzer analyzer() {
    return new EnglishAnalyzer();
  }

  private static String idFor(Path file) {
    String name = file.getFileName().toString();
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    String slug =
        stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    slug = slug.length() > 40 ? slug.substring(0, 40).replaceAll("-$", "") : slug;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return (slug.isEmpty() ? "paper" : slug) + "-" + HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
