package io.searchbid.auction.service;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the configuration of a service node: {@code overrides} (command line) over the optional
 * {@code --config} file over {@code searchbid-service.conf} over Pekko's reference configuration.
 *
 * <p>The journal is selected by configuration only: the default is an H2 file database under
 * {@code searchbid.data-dir}; a config file that points {@code pekko-persistence-jdbc.shared-databases.slick}
 * at PostgreSQL (and sets {@code searchbid.journal.create-schema = off}) switches to it.
 */
public final class ServiceConfig {

  private ServiceConfig() {}

  /**
   * @param dataDir data directory, or null to take {@code searchbid.data-dir} from the config
   * @param configFile HOCON file given by the user, or null
   * @param overrides further path → value overrides with the highest priority (e.g. the port)
   * @throws IllegalArgumentException if the config file does not exist
   */
  public static Config load(Path dataDir, Path configFile, Map<String, Object> overrides) {
    Map<String, Object> top = new HashMap<>(overrides);
    if (dataDir != null) {
      top.put("searchbid.data-dir", dataDir.toAbsolutePath().normalize().toString());
    }
    Config file = ConfigFactory.empty();
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new IllegalArgumentException("--config: no such file: " + configFile);
      }
      file = ConfigFactory.parseFile(configFile.toFile());
    }
    return ConfigFactory.parseMap(top)
        .withFallback(file)
        .withFallback(ConfigFactory.parseResources(ServiceConfig.class.getClassLoader(), "searchbid-service.conf"))
        .withFallback(ConfigFactory.defaultReference(ServiceConfig.class.getClassLoader()))
        .resolve();
  }

  /** The data directory as an absolute path. */
  public static Path dataDir(Config config) {
    return Path.of(config.getString("searchbid.data-dir")).toAbsolutePath().normalize();
  }
}
