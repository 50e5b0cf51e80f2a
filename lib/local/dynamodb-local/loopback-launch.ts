/**
 * Running DynamoDB Local bound to one address, and tied to the process that started it.
 *
 * DynamoDB Local has no bind-address option: its `ServerRunner` builds a Jetty `Server(port)`,
 * whose connector listens on every interface (0.0.0.0) with no authentication, so any host on
 * the network could read every table and write into the keys table. Since 3.x its jars no
 * longer carry Jetty's XML configuration runner, so the launcher is a short Java program, run
 * from source by the `java` launcher (single-file source programs, Java 11+; the compiler
 * module ships with the Java runtime on Debian and in JDKs). It builds the server with DynamoDB
 * Local's own `ServerRunner.createServerFromCommandLineArgs` (its options unchanged), sets the
 * host of its one connector, binds the socket itself and checks the address it got before
 * `start()`. Then it waits on standard input: when the parent process dies for any reason
 * (SIGKILL included) the pipe closes and the JVM exits, freeing the port.
 *
 * It is written against DynamoDB Local 3.3.1 (`software.amazon.dynamodb.services.local`,
 * Jetty 12). It fails closed: should a later release rename what it reaches (the classes, the
 * private `server` field, one `ServerConnector`), the program does not compile or throws, and
 * the JVM exits before anything listens; a socket bound anywhere but `host` is closed unused.
 */

/** File name of the launch program (the `java` launcher runs a `.java` file from source). */
export const LAUNCH_SOURCE_FILE = 'DynamoDbLocalLaunch.java';

/**
 * Java source of the launch program. Arguments: the address to listen on, then DynamoDB Local's
 * own command line options.
 * @example
 * await writeFile(join(dir, LAUNCH_SOURCE_FILE), LAUNCH_SOURCE);
 * // java -Djava.library.path=DynamoDBLocal_lib -cp DynamoDBLocal.jar dir/DynamoDbLocalLaunch.java \
 * //   127.0.0.1 -port 8000 -inMemory -sharedDb -disableTelemetry
 */
export const LAUNCH_SOURCE = `import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local listening on one address only, exiting when standard input closes. */
public final class DynamoDbLocalLaunch {
  public static void main(String[] argv) {
    try {
      serve(argv);
    } catch (Throwable error) {
      // Exit even if DynamoDB Local has started threads that would keep the JVM alive.
      error.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void serve(String[] argv) throws Exception {
    if (argv.length < 1) {
      throw new IllegalArgumentException("usage: DynamoDbLocalLaunch <host> [DynamoDB Local options]");
    }
    InetAddress host = InetAddress.getByName(argv[0]);
    DynamoDBProxyServer dynamodb =
        ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(argv, 1, argv.length));
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Connector[] connectors = ((Server) field.get(dynamodb)).getConnectors();
    if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector)) {
      throw new IllegalStateException("expected one ServerConnector, found " + Arrays.toString(connectors));
    }
    ServerConnector connector = (ServerConnector) connectors[0];
    connector.setHost(host.getHostAddress());
    connector.open();
    SocketAddress bound = ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    if (!(bound instanceof InetSocketAddress) || !((InetSocketAddress) bound).getAddress().equals(host)) {
      connector.close();
      throw new IllegalStateException("bound to " + bound + " instead of " + host + ": refusing to serve");
    }
    dynamodb.start();
    System.in.transferTo(OutputStream.nullOutputStream());
  }
}
`;
