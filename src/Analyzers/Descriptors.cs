using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers;

/// <summary>
/// Every descriptor ConnHygiene reports, made by one factory so that help links and categories cannot drift. A message
/// says what and where in one sentence, and its <c>{0}</c> is always the member the finding is in
/// (<see cref="Display.Member"/> of the containing symbol); the why and the fix go in the description and the rule page.
/// </summary>
internal static class Descriptors
{
    private const string Reliability = "Reliability";

    public static readonly DiagnosticDescriptor CH0001HttpClientPerOperation = Create(
        RuleIdentifiers.HttpClientPerOperation,
        "Do not create HttpClient per operation",
        "'{0}' creates a new HttpClient {1}",
        "A new HttpClient owns a new connection pool. Created per request, per call or per loop iteration, its connections are never reused and each one closed leaves a client-side socket in TIME_WAIT, holding an ephemeral port, until connects fail. Use IHttpClientFactory or one long-lived HttpClient on a SocketsHttpHandler with PooledConnectionLifetime.");

    public static readonly DiagnosticDescriptor CH0002HandlerPerOperation = Create(
        RuleIdentifiers.HandlerPerOperation,
        "Do not create an HttpMessageHandler per operation",
        "'{0}' creates a new {1} {2}",
        "HttpClientHandler, SocketsHttpHandler and WinHttpHandler each own a connection pool. A handler created per operation throws its pool away with it. Keep one handler for the process and create cheap HttpClient instances over it with disposeHandler: false.");

    public static readonly DiagnosticDescriptor CH0003PooledConnectionLifetime = Create(
        RuleIdentifiers.PooledConnectionLifetime,
        "Give long-lived HttpClient a PooledConnectionLifetime",
        "'{0}' creates a long-lived HttpClient on {1} with no connection lifetime",
        "A static or singleton HttpClient keeps its connections open forever unless the handler recycles them; DNS changes (blue/green deployments, failover) are never seen. Use a SocketsHttpHandler with PooledConnectionLifetime; on .NET Framework, where SocketsHttpHandler is absent, set ConnectionLeaseTimeout on the ServicePoint of each endpoint (ServicePointManager.FindServicePoint(uri)).");

    public static readonly DiagnosticDescriptor CH0004KeepAliveOff = Create(
        RuleIdentifiers.KeepAliveOff,
        "Do not turn keep-alive off",
        "'{0}' {1}, which turns HTTP keep-alive off",
        "A 'Connection: close' header, ConnectionClose = true, HttpWebRequest.KeepAlive = false and a zero PooledConnectionIdleTimeout or PooledConnectionLifetime all force one connection per request: the connection is closed after every response, the next request pays a new handshake, and each client-side close leaves a socket in TIME_WAIT holding an ephemeral port. Remove the setting and let the connection pool reuse connections.");

    public static readonly DiagnosticDescriptor CH0005ResponseNotDisposed = Create(
        RuleIdentifiers.ResponseNotDisposed,
        "Dispose HttpResponseMessage so its connection returns to the pool",
        "'{0}' neither disposes nor fully reads the response from '{1}' {2}",
        "A response sent with HttpCompletionOption.ResponseHeadersRead, or by a plain HttpMessageInvoker or a message handler, comes back before its body is read (and so does the stream HttpClient.GetStreamAsync returns): it holds its connection until the content is read to the end or the response (or its content stream) is disposed, and with MaxConnectionsPerServer the next request waits for it. The default buffered HttpClient calls (GetAsync, PostAsync, PutAsync, PatchAsync, DeleteAsync, SendAsync without an option, the *AsJsonAsync helpers) read the body before they return, so their connection is already back in the pool and they are not reported. Dispose every unbuffered response you do not hand on, with a using declaration.");

    public static readonly DiagnosticDescriptor CH0006LegacyWebClient = Create(
        RuleIdentifiers.LegacyWebClient,
        "Replace WebClient/WebRequest with a shared HttpClient",
        "'{0}' uses {1} instead of a shared HttpClient",
        "WebClient, WebRequest and HttpWebRequest are obsolete (SYSLIB0014). On .NET Core and later every request is its own HttpWebRequest, which reuses its one cached HttpClient only while the request's settings match the cached one's (sync or async mode, timeouts, and no credentials, proxy, cookies or certificates); any other request builds a new HttpClient, and opens new connections, for itself. A WebClient is not safe for concurrent use either. Use one shared HttpClient on a SocketsHttpHandler with PooledConnectionLifetime, or IHttpClientFactory.");

    public static readonly DiagnosticDescriptor CH0010SocketPerOperation = Create(
        RuleIdentifiers.SocketPerOperation,
        "Do not open a socket per operation",
        "'{0}' opens and closes a {1} {2}",
        "A Socket or TcpClient created, connected and closed for every request or call pays a TCP handshake each time, and the side that closes first keeps the socket in TIME_WAIT (about 60 s on Linux, 240 s on Windows) holding an ephemeral port. Rent connections from ConnHygiene.Runtime's TcpConnectionPool; disposing the lease returns the connection.");

    public static readonly DiagnosticDescriptor CH0011ConnectInLoop = Create(
        RuleIdentifiers.ConnectInLoop,
        "Do not connect and close inside a hot loop",
        "'{0}' creates and closes a {1} in every iteration of a {2} loop",
        "A Socket or TcpClient connected and closed (Close, Dispose, Shutdown and Close, or a using block) in the same loop iteration leaves one client-side TIME_WAIT socket per iteration (about 60 s each on Linux) until connects fail with 'address already in use'. Connect once before the loop and close after it, or rent connections from a pool.");

    public static readonly DiagnosticDescriptor CH0012DeadPeerDetection = Create(
        RuleIdentifiers.DeadPeerDetection,
        "Detect dead peers on long-lived sockets",
        "'{0}' keeps a {1} open {2} with no TCP keep-alive and no heartbeat",
        "A connection kept open in a field or across a long-running loop cannot tell a silent peer from a dead one (a crashed host, a pulled cable, a NAT that dropped the mapping): reads wait forever and writes succeed into the void. Turn on TCP keep-alive (SocketOptionName.KeepAlive with TcpKeepAliveTime, TcpKeepAliveInterval and TcpKeepAliveRetryCount) or use FramedConnection, which sends heartbeats.");

    public static readonly DiagnosticDescriptor CH0013AbortiveClose = Create(
        RuleIdentifiers.AbortiveClose,
        "Do not force an abortive close",
        "'{0}' forces an abortive close with LingerOption(true, 0)",
        "LingerOption(true, 0) makes Close send RST instead of FIN to dodge TIME_WAIT; data still in the send buffer is thrown away and the peer sees 'connection reset'. A non-zero linger timeout is fine. Remove the linger option and let the connection close normally.");

    public static readonly DiagnosticDescriptor CH0014InexactRead = Create(
        RuleIdentifiers.InexactRead,
        "Read framed data exactly",
        "'{0}' reads with '{1}', whose byte count is {2}",
        "A stream or socket read returns as soon as any data arrives, with however many bytes that is. Reading a fixed-size header or payload with one call and ignoring the count silently truncates or mixes messages when the peer's data arrives split. Use ReadExactly (or ReadAtLeast when the count is used), or loop until every byte is there.");

    public static readonly DiagnosticDescriptor CH0015UnframedMessages = Create(
        RuleIdentifiers.UnframedMessages,
        "Frame messages on a stream connection",
        "'{0}' writes a serialized message to a stream connection with no length prefix or delimiter",
        "TCP is a byte stream: messages written back to back merge or split on the way, and a reader that takes one read per message gets halves and pairs. Prefix each message with its length (or end it with a delimiter): write it with ConnHygiene.Runtime's FrameWriter and read it with FrameReader.",
        isEnabledByDefault: false);

    public static readonly DiagnosticDescriptor CH0020SharedPoolClient = Create(
        RuleIdentifiers.SharedPoolClient,
        "Share clients that own connection pools",
        "'{0}' creates a new pool-owning {1} {2}",
        "Redis multiplexers, gRPC channels, MongoDB, Cosmos DB, Service Bus, Blob Storage and AWS SDK clients, and RabbitMQ connections own connection pools and are built to be shared and thread-safe. Creating one per operation pays the connection (and TLS, and authentication) setup every time and leaves closed sockets in TIME_WAIT. Create each once: a static Lazy<T>, a singleton registration, or a cache.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, bool isEnabledByDefault = true)
        => new(id, title, messageFormat, Reliability, DiagnosticSeverity.Warning, isEnabledByDefault, description, RuleIdentifiers.HelpLink(id));
}
