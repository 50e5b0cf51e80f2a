/**
 * Running DynamoDB Local bound to one address, and tied to the process that started it.
 *
 * DynamoDB Local has no bind-address option: its `ServerRunner` builds a Jetty `Server(port)`,
 * whose connector listens on every interface (0.0.0.0) with no authentication, so any host on
 * the network could read every table and write into the keys table. Its jar ships Jetty's
 * `XmlConfiguration`, which runs a configuration file of plain Java calls; the file written
 * here builds the server with DynamoDB Local's own `createServerFromCommandLineArgs` (its
 * options unchanged), sets the host of the one connector before `start()`, so the socket is
 * only ever bound there, and then waits on standard input: when the parent process dies for
 * any reason (SIGKILL included) the pipe closes and the JVM exits, freeing the port. No class
 * is compiled and none is shipped: a JRE is enough. Should a later DynamoDB Local rename what
 * this reaches (`ServerRunner.createServerFromCommandLineArgs`, the `server` field), the JVM
 * exits with the configuration error before anything listens: it fails closed.
 */

/** The main class of Jetty's XML configuration runner, on the DynamoDB Local jar's class path. */
export const JETTY_XML_MAIN = 'org.eclipse.jetty.xml.XmlConfiguration';

const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

const item = (value: string) => `<Item type="String">${escapeXml(value)}</Item>`;

/**
 * The Jetty XML that starts DynamoDB Local with `args` (its command line options) listening on
 * `host` only, and exits the JVM when its standard input reaches end of file.
 * @example
 * jettyLaunchXml(['-port', '8000', '-inMemory', '-sharedDb'], '127.0.0.1');
 * // run with: java -cp DynamoDBLocal.jar org.eclipse.jetty.xml.XmlConfiguration launch.xml
 */
export function jettyLaunchXml(args: readonly string[], host: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "http://www.eclipse.org/jetty/configure_9_3.dtd">
<Configure class="java.lang.Object">
  <Call id="dynamodb" class="com.amazonaws.services.dynamodbv2.local.main.ServerRunner" name="createServerFromCommandLineArgs">
    <Arg><Array type="java.lang.String">${args.map(item).join('')}</Array></Arg>
  </Call>
  <Call class="java.lang.Class" name="forName">
    <Arg>com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer</Arg>
    <Call name="getDeclaredField">
      <Arg>server</Arg>
      <Call name="setAccessible"><Arg type="boolean">true</Arg></Call>
      <Call name="get">
        <Arg><Ref refid="dynamodb"/></Arg>
        <Call id="connectors" name="getConnectors"/>
      </Call>
    </Call>
  </Call>
  <Call class="java.lang.reflect.Array" name="get">
    <Arg><Ref refid="connectors"/></Arg>
    <Arg type="int">0</Arg>
    <Set name="host">${escapeXml(host)}</Set>
  </Call>
  <Ref refid="dynamodb"><Call name="start"/></Ref>
  <Get class="java.lang.System" name="in">
    <Call name="transferTo"><Arg><Call class="java.io.OutputStream" name="nullOutputStream"/></Arg></Call>
  </Get>
  <Call class="java.lang.System" name="exit"><Arg type="int">0</Arg></Call>
</Configure>
`;
}
