package io.searchbid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Build rules that keep two promises of docs/ARCHITECTURE.md honest, checked on the sources of the
 * whole reactor (this module sits at the bottom of the dependency order, so it sees all of them):
 *
 * <ul>
 *   <li>dependency direction: {@code ranking} and {@code auction} never import each other or any
 *       module above them; nothing imports {@code bench};
 *   <li>reproducibility: {@code ranking}, the auction core package and {@code simulator} read no
 *       wall clock and use no unseeded randomness. A line may opt out with a trailing
 *       {@code // searchbid:allow-clock <reason>} comment when it measures elapsed time for display
 *       only (never for a decision).
 * </ul>
 *
 * <p>Maven's enforcer bans the dependencies themselves (see ranking/pom.xml, auction/pom.xml); this
 * test also catches an import that slips through a transitive path or a test-only shortcut.
 */
class SourceRulesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern NONDETERMINISM =
      Pattern.compile(
          "System\\.currentTimeMillis\\(|System\\.nanoTime\\(|Instant\\.now\\(|LocalDate(Time)?\\.now\\("
              + "|ZonedDateTime\\.now\\(|OffsetDateTime\\.now\\(|Clock\\.system|new Random\\(\\s*\\)"
              + "|Math\\.random\\(|ThreadLocalRandom|new SplittableRandom\\(\\s*\\)|UUID\\.randomUUID\\("
              + "|new SecureRandom\\(");

  private static final String OPT_OUT = "searchbid:allow-clock";

  @Test
  void rankingAndAuction_neverImportOtherSearchbidModules() {
    List<String> violations = new ArrayList<>();
    violations.addAll(imports("ranking/src", "io.searchbid.(auction|engine|simulator|bench)"));
    violations.addAll(imports("auction/src", "io.searchbid.(ranking|engine|simulator|bench)"));
    violations.addAll(imports("engine/src", "io.searchbid.(simulator|bench)"));
    violations.addAll(imports("simulator/src", "io.searchbid.bench"));
    assertThat(violations).as("imports against the dependency direction").isEmpty();
  }

  @Test
  void deterministicModules_readNoClockAndNoUnseededRandomness() {
    List<String> violations = new ArrayList<>();
    violations.addAll(scan("ranking/src/main/java", false));
    violations.addAll(scan("auction/src/main/java/io/searchbid/auction", true));
    violations.addAll(scan("simulator/src/main/java", false));
    assertThat(violations).as("wall-clock reads or unseeded randomness").isEmpty();
  }

  @Test
  void ruleItself_catchesAViolation() {
    // Guards the guard: the pattern must match the calls it claims to ban.
    assertThat(NONDETERMINISM.matcher("long t = System.currentTimeMillis();").find()).isTrue();
    assertThat(NONDETERMINISM.matcher("var r = new Random();").find()).isTrue();
    assertThat(NONDETERMINISM.matcher("var r = new SplittableRandom(seed);").find()).isFalse();
    assertThat(NONDETERMINISM.matcher("var r = new Random(seed);").find()).isFalse();
  }

  private static List<String> imports(String dir, String forbiddenPackageRegex) {
    Pattern p = Pattern.compile("^\\s*import\\s+(static\\s+)?" + forbiddenPackageRegex + "\\.");
    List<String> out = new ArrayList<>();
    for (Path f : javaFiles(ROOT.resolve(dir), false)) {
      List<String> lines = read(f);
      for (int i = 0; i < lines.size(); i++) {
        if (p.matcher(lines.get(i)).find()) {
          out.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    return out;
  }

  /** {@code topLevelOnly}: scan only the files directly in {@code dir} (the auction core package). */
  private static List<String> scan(String dir, boolean topLevelOnly) {
    List<String> out = new ArrayList<>();
    for (Path f : javaFiles(ROOT.resolve(dir), topLevelOnly)) {
      List<String> lines = read(f);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (NONDETERMINISM.matcher(line).find() && !line.contains(OPT_OUT)) {
          out.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + line.trim());
        }
      }
    }
    return out;
  }

  private static List<Path> javaFiles(Path dir, boolean topLevelOnly) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = topLevelOnly ? Files.list(dir) : Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
