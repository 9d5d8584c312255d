package ringe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community, embedded, with only a Bolt connector on 127.0.0.1.
 * Usage: LocalNeo4j <dataDir> <boltPort> <pageCacheMb>
 * Prints "RINGE_NEO4J_READY bolt://127.0.0.1:<port>" once Bolt accepts connections,
 * and shuts the database down cleanly on SIGTERM/SIGINT.
 */
public final class LocalNeo4j {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: LocalNeo4j <dataDir> <boltPort> <pageCacheMb>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    long pageCacheMb = Long.parseLong(args[2]);

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
        .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      stopped.countDown();
    }, "ringe-neo4j-shutdown"));

    // When the parent closes our stdin (it stopped or crashed), shut down instead of
    // lingering as an orphan that holds the store lock.
    Thread stdinWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) { }
      } catch (java.io.IOException ignored) { }
      System.exit(0);
    }, "ringe-neo4j-stdin");
    stdinWatch.setDaemon(true);
    stdinWatch.start();

    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME); // fails fast if the default database did not start
    System.out.println("RINGE_NEO4J_READY bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }
}
