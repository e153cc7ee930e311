using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ConnHygiene.Runtime.Testing;

namespace ConnHygiene.Runtime.Benchmarks;

/// <summary>
/// What a running <see cref="ConnectionWatch"/> adds per connection and per HTTP request. <c>None</c>: no watch in the
/// process (the event sources stay off); <c>Watching</c>: one watch filtered on the server's endpoint;
/// <c>AfterDispose</c>: a watch was started and disposed before measuring (what stays behind).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
// Short, and a fixed invocation count: every connect-per-call invocation leaves a client TIME_WAIT socket.
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 12, invocationCount: 128)]
public class ConnectionWatchBenchmarks
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    private static readonly byte[] ClosingResponse = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    private readonly CancellationTokenSource _stop = new();
    private Socket _listener = null!;
    private IPEndPoint _endPoint = null!;
    private HttpClient _client = null!;
    private Uri _url = null!;
    private ConnectionWatch? _watch;

    public enum WatchState
    {
        None,
        Watching,
        AfterDispose,
    }

    [Params(WatchState.None, WatchState.Watching, WatchState.AfterDispose)]
    public WatchState Watch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        _endPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _ = AcceptLoopAsync();
        _client = new HttpClient();
        _url = new Uri("http://" + _endPoint + "/");
        if (Watch != WatchState.None)
        {
            _watch = ConnectionWatch.Start(_endPoint);
        }

        if (Watch == WatchState.AfterDispose)
        {
            _watch?.Dispose();
            _watch = null;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_watch is not null)
        {
            Console.WriteLine("// watch: " + _watch.Snapshot().ToString().Replace('\n', ' '));
            _watch.Dispose();
        }

        _client.Dispose();
        _stop.Cancel();
        _listener.Dispose();
    }

    [Benchmark(Description = "Socket connect + close")]
    public async Task ConnectAndClose()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_endPoint);
    }

    [Benchmark(Description = "HttpClient GET, kept-alive connection")]
    public Task<string> HttpKeptAlive() => _client.GetStringAsync(_url);

    [Benchmark(Description = "HttpClient GET, Connection: close (new connection)")]
    public async Task<string> HttpNewConnection()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.ConnectionClose = true;
        using var response = await _client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    // A minimal HTTP/1.1 server: answers every request head with "ok"; keeps the connection until the client closes it,
    // unless the request asked for "Connection: close" (then it answers so and closes, as Kestrel does).
    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            var buffer = new byte[4096];
            int held = 0;
            try
            {
                while (true)
                {
                    int read = await connection.ReceiveAsync(buffer.AsMemory(held), SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    held += read;
                    int end;
                    while ((end = buffer.AsSpan(0, held).IndexOf("\r\n\r\n"u8)) >= 0)
                    {
                        bool close = Encoding.ASCII.GetString(buffer, 0, end).Contains("Connection: close", StringComparison.OrdinalIgnoreCase);
                        await connection.SendAsync(close ? ClosingResponse : Response, SocketFlags.None, _stop.Token);
                        if (close)
                        {
                            return;
                        }

                        held -= end + 4;
                        buffer.AsSpan(end + 4, held).CopyTo(buffer);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
