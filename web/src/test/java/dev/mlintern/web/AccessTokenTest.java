package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {
  @TempDir Path home;

  @Test
  void isCreatedOwnerOnlyAndSurvivesRestartsUntilRotated() throws Exception {
    AccessToken first = AccessToken.load(home);
    Path file = home.resolve("web-token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(first.value()).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
    assertThat(AccessToken.load(home).value()).isEqualTo(first.value());

    AccessToken rotated = AccessToken.rotate(home);
    assertThat(rotated.value()).isNotEqualTo(first.value());
    assertThat(AccessToken.load(home).value()).isEqualTo(rotated.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(rotated.matches(first.value())).isFalse();
    assertThat(rotated.csrf()).isNotEqualTo(first.csrf()).doesNotContain(rotated.value());
  }
}
