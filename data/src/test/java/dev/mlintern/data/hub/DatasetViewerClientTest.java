package dev.mlintern.data.hub;

import static dev.mlintern.data.hub.HubClientTest.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.data.DataException.Kind;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatasetViewerClientTest {
  private final FixtureServer server = new FixtureServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final DatasetViewerClient viewer =
      new DatasetViewerClient(
          HubClient.defaultHttpClient(), server.baseUrl(), Optional.empty(), sleeper);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void everyEndpointReadsItsFixture() {
    server.route("GET", "/is-valid", Response.fixture(200, "dv_is_valid.json"));
    server.route("GET", "/splits", Response.fixture(200, "dv_splits.json"));
    server.route("GET", "/first-rows", Response.fixture(200, "dv_first_rows.json"));
    server.route("GET", "/rows", Response.fixture(200, "dv_rows.json"));
    server.route("GET", "/search", Response.fixture(200, "dv_search.json"));
    server.route("GET", "/filter", Response.fixture(200, "dv_filter.json"));
    server.route("GET", "/statistics", Response.fixture(200, "dv_statistics_label.json"));
    server.route("GET", "/parquet", Response.fixture(200, "dv_parquet.json"));
    server.route("GET", "/info", Response.fixture(200, "dv_info.json"));
    server.route("GET", "/size", Response.fixture(200, "dv_size.json"));

    assertThat(viewer.isValid("ibm/duorc").path("search").asBoolean()).isTrue();
    assertThat(viewer.splits("ibm/duorc"))
        .hasSize(6)
        .first()
        .isEqualTo(new DatasetViewerClient.Split("ParaphraseRC", "train"));
    assertThat(viewer.firstRows("ibm/duorc", "SelfRC", "train").path("rows").size()).isPositive();
    assertThat(viewer.rows("ibm/duorc", "SelfRC", "train", 200, 100).has("num_rows_total"))
        .isTrue();
    assertThat(server.lastRequest().query())
        .contains(
            "dataset=ibm%2Fduorc", "config=SelfRC", "split=train", "offset=200", "length=100");
    assertThat(
            viewer
                .search("ibm/duorc", "SelfRC", "train", "love story", 0, 10)
                .path("rows")
                .isArray())
        .isTrue();
    assertThat(server.lastRequest().query()).contains("query=love%20story");
    assertThat(
            viewer
                .filter("ibm/duorc", "SelfRC", "train", "\"age\">30", "\"age\" DESC", 0, 10)
                .path("rows")
                .isArray())
        .isTrue();
    assertThat(server.lastRequest().query())
        .contains("where=%22age%22%3E30", "orderby=%22age%22%20DESC");
    assertThat(viewer.statistics("ibm/duorc", "SelfRC", "train").path("statistics").isArray())
        .isTrue();
    assertThat(viewer.parquet("ibm/duorc", null))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.url()).contains("parquet"));
    assertThat(viewer.info("ibm/duorc", null).has("dataset_info")).isTrue();
    assertThat(viewer.size("ibm/duorc", null).has("size")).isTrue();
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void pageLengthIsCheckedBeforeAnyRequest() {
    assertKind(
        () -> viewer.rows("d/x", "c", "train", 0, 101), Kind.BAD_REQUEST, "between 1 and 100");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void errorsMapToKinds() {
    server.route(
        "GET",
        "/splits",
        r -> r.query().contains("private"),
        r ->
            Response.fixture(401, "dv_error_401.json")
                .withHeader("X-Error-Code", "ExternalUnauthenticatedError"));
    server.route(
        "GET",
        "/splits",
        r -> r.query().contains("missing"),
        r ->
            Response.fixture(404, "dv_error_404_not_found.json")
                .withHeader("X-Error-Code", "ResponseNotFound"));
    server.route(
        "GET",
        "/rows",
        Response.fixture(422, "dv_error_422_too_large_length.json")
            .withHeader("X-Error-Code", "MissingRequiredParameter"));
    server.route("GET", "/parquet", Response.fixture(501, "dv_error_501_blocked.json"));
    server.route(
        "GET",
        "/info",
        Response.fixture(500, "dv_error_500_dataset_error.json")
            .withHeader("X-Error-Code", "DatasetGenerationError"));

    assertKind(() -> viewer.splits("me/private"), Kind.NOT_FOUND, "set HF_TOKEN");
    assertKind(() -> viewer.splits("me/missing"), Kind.NOT_FOUND, "ResponseNotFound");
    assertKind(
        () -> viewer.rows("me/x", "c", "s", 0, 50),
        Kind.BAD_REQUEST,
        "must not be greater than 100");
    assertKind(
        () -> viewer.parquet("me/blocked", null), Kind.BLOCKED, "download the dataset's files");
    assertThat(sleeper.waits).isEmpty();
    assertKind(() -> viewer.info("severo/empty", null), Kind.SERVER, "The dataset is empty.");
  }

  @Test
  void notReadyIsRetriedThenReported() {
    Response notReady =
        Response.json(
                500,
                "{\"error\":\"The server is busier than usual and the response is not ready yet. Please retry later.\"}")
            .withHeader("X-Error-Code", "ResponseNotReadyError");
    server.route("GET", "/first-rows", Response.fixture(200, "dv_first_rows.json"));
    server.enqueue(notReady);
    assertThat(viewer.firstRows("d/x", "c", "train").has("rows")).isTrue();
    assertThat(sleeper.waits).hasSize(1);

    server.route("GET", "/statistics", notReady);
    assertKind(() -> viewer.statistics("d/x", "c", "train"), Kind.NOT_READY, "not ready yet");
    assertThat(sleeper.waits).hasSize(4);
  }
}
