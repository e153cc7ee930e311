using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Testing;

/// <summary>Settings of a reference server.</summary>
public sealed class LoopbackServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Write every response one byte at a time (to prove clients read exactly). Default false.</summary>
    public bool SplitWrites { get; set; }

    /// <summary>Probability of resetting (RST) the connection instead of answering a message. Default 0.</summary>
    public double ResetProbability { get; set; }

    /// <summary>The server closes connections idle this long (FIN). Default infinite.</summary>
    public TimeSpan IdleTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Seed of the chaos random generator. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Answer heartbeats (framed server only). Default true.</summary>
    public bool AnswerHeartbeats { get; set; } = true;
}

/// <summary>
/// A loopback-only (127.0.0.1) test server that counts accepted connections and can misbehave on purpose:
/// split responses into 1-byte writes, reset connections at random, close idle ones, refuse new ones.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly ConcurrentDictionary<ServerConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _random;
    private readonly Timer? _idleTimer;
    private readonly long _idleTimeoutMs;
    private readonly List<Task> _acceptLoops = new();
    private Socket? _listener;
    private long _accepted;
    private long _resets;
    private bool _refusing;
    private bool _disposed;

    private protected LoopbackServer(LoopbackServerOptions? options)
    {
        options ??= new LoopbackServerOptions();
        SplitWrites = options.SplitWrites;
        ResetProbability = options.ResetProbability;
        AnswerHeartbeats = options.AnswerHeartbeats;
        _random = new Random(options.Seed);
        _listener = Listen(options.Port);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoops.Add(AcceptLoopAsync(_listener));
        _idleTimeoutMs = options.IdleTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)options.IdleTimeout.TotalMilliseconds;
        if (_idleTimeoutMs != long.MaxValue)
        {
            long period = Math.Max(5, _idleTimeoutMs / 4);
            _idleTimer = new Timer(_ => CloseIdle(), null, period, period);
        }
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>127.0.0.1:<see cref="Port"/>.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Connections accepted since start.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Connections currently open on the server side.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Connections the server reset (chaos or <see cref="ResetAllConnections"/>).</summary>
    public long ResetConnections => Interlocked.Read(ref _resets);

    /// <summary>Write responses one byte at a time.</summary>
    public bool SplitWrites { get; set; }

    /// <summary>Probability of resetting a connection instead of answering a message.</summary>
    public double ResetProbability { get; set; }

    /// <summary>Answer heartbeats (framed server only).</summary>
    public bool AnswerHeartbeats { get; set; }

    /// <summary>
    /// While true the listening socket is closed, so connection attempts are refused (ECONNREFUSED);
    /// setting it back to false listens again on the same port.
    /// </summary>
    public bool RefuseNewConnections
    {
        get
        {
            lock (_lock)
            {
                return _refusing;
            }
        }

        set
        {
            lock (_lock)
            {
                if (_disposed || value == _refusing)
                {
                    return;
                }

                _refusing = value;
                if (value)
                {
                    _listener?.Dispose();
                    _listener = null;
                }
                else
                {
                    _listener = Listen(Port);
                    _acceptLoops.Add(AcceptLoopAsync(_listener));
                }
            }
        }
    }

    /// <summary>Resets (RST) every open connection.</summary>
    public void ResetAllConnections()
    {
        foreach (ServerConnection connection in _connections.Keys)
        {
            Reset(connection);
        }
    }

    /// <summary>Closes (FIN) every open connection.</summary>
    public void CloseAllConnections()
    {
        foreach (ServerConnection connection in _connections.Keys)
        {
            connection.Close();
        }
    }

    /// <summary>Stops listening, closes every connection and waits for the handlers to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] loops;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener?.Dispose();
            _listener = null;
            loops = _acceptLoops.ToArray();
        }

        _idleTimer?.Dispose();
        _stop.Cancel();
        CloseAllConnections();
        var tasks = new List<Task>(loops);
        foreach (ServerConnection connection in _connections.Keys)
        {
            tasks.Add(connection.Handler);
        }

        await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Serves one connection until the client closes it.</summary>
    private protected abstract Task ServeAsync(ServerConnection connection, CancellationToken cancellationToken);

    /// <summary>True when the chaos generator says to reset this connection now (it is then reset).</summary>
    private protected bool ChaosReset(ServerConnection connection)
    {
        double p = ResetProbability;
        if (p <= 0)
        {
            return false;
        }

        bool reset;
        lock (_random)
        {
            reset = _random.NextDouble() < p;
        }

        if (reset)
        {
            Reset(connection);
        }

        return reset;
    }

    private void Reset(ServerConnection connection)
    {
        if (connection.Reset())
        {
            Interlocked.Increment(ref _resets);
        }
    }

    private static Socket Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(512);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            socket.NoDelay = true;
            var connection = new ServerConnection(this, socket);
            _connections[connection] = 0;
            connection.Handler = RunAsync(connection);
        }
    }

    private async Task RunAsync(ServerConnection connection)
    {
        await Task.Yield();
        try
        {
            await ServeAsync(connection, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A client that resets, a chaos reset or shutdown: the connection just ends.
        }
        finally
        {
            connection.Close();
            _connections.TryRemove(connection, out _);
        }
    }

    private void CloseIdle()
    {
        long now = Environment.TickCount64;
        foreach (ServerConnection connection in _connections.Keys)
        {
            if (now - connection.LastActivityMs >= _idleTimeoutMs)
            {
                connection.Close();
            }
        }
    }

    /// <summary>One accepted connection.</summary>
    private protected sealed class ServerConnection
    {
        private int _closed;

        public ServerConnection(LoopbackServer server, Socket socket)
        {
            Socket = socket;
            Stream = new ServerStream(server, new NetworkStream(socket, ownsSocket: true));
            Touch();
        }

        public Socket Socket { get; }

        public Stream Stream { get; }

        public Task Handler { get; set; } = Task.CompletedTask;

        public long LastActivityMs { get; private set; }

        public void Touch() => LastActivityMs = Environment.TickCount64;

        public bool Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return false;
            }

            try
            {
                Socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
            }

            Stream.Dispose();
            return true;
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Stream.Dispose();
            }
        }
    }

    /// <summary>The server side of a connection: splits writes into single bytes when asked, and records activity.</summary>
    private sealed class ServerStream : Stream
    {
        private readonly LoopbackServer _server;
        private readonly NetworkStream _inner;

        public ServerStream(LoopbackServer server, NetworkStream inner)
        {
            _server = server;
            _inner = inner;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);

#if NET
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_server.SplitWrites)
            {
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }

            for (int i = 0; i < buffer.Length; i++)
            {
                await _inner.WriteAsync(buffer.Slice(i, 1), cancellationToken).ConfigureAwait(false);
            }
        }
#endif

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (!_server.SplitWrites)
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                return;
            }

            for (int i = 0; i < count; i++)
            {
                await _inner.WriteAsync(buffer, offset + i, 1, cancellationToken).ConfigureAwait(false);
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
