using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Testing;

/// <summary>
/// Counts the outgoing TCP connections this process opens while the watch runs, from the runtime's own telemetry: the
/// <c>System.Net.Sockets</c> event source (<c>ConnectStart</c>/<c>ConnectStop</c>/<c>ConnectFailed</c>, so every API
/// built on <c>Socket</c>: <c>TcpClient</c>, <c>HttpClient</c>, database and cache clients) and the
/// <c>System.Net.Http</c> event source (<c>ConnectionEstablished</c>/<c>ConnectionClosed</c>, <c>RequestStart</c>:
/// host names, requests and the connections HttpClient closed). Read through an in-process <see cref="EventListener"/>;
/// no <c>/proc</c>, so it works on Linux, Windows and macOS.
/// </summary>
/// <remarks>
/// <para>
/// Process-wide: the telemetry covers every thread of the process, so a watch with <see cref="ConnectionFilter.Any"/>
/// also counts what other tests running at the same time open. Watches in parallel tests are isolated by filtering on
/// the endpoint (or port) each test talks to: <c>ConnectionWatch.Start(server.EndPoint)</c>. Any number of watches
/// may run at once and overlap; each has its own listener.
/// </para>
/// <para>
/// Exact at assertion time: a connect's start, failure and stop are correlated through the execution context the
/// runtime carries from a connect's start to its completion, on whichever thread that completes (the watch marks each
/// start in an <see cref="AsyncLocal{T}"/>, as the runtime's own activity tracking does, without its nesting limit
/// of 100 that connect-in-a-loop code exceeds). A connect that started
/// and has not stopped yet is waited for, up to <see cref="SettleTimeout"/>, before <see cref="Snapshot"/>,
/// <see cref="Opened"/> or <see cref="AssertAtMost"/> answer; a connect still in progress after that counts against
/// the limit as <see cref="ConnectionSnapshot.Pending"/>.
/// </para>
/// <para>
/// Not counted: connects that started before the watch; HTTP/3 (QUIC over UDP); Unix domain sockets. The cost: none
/// when no watch runs (no listener, the event sources stay off); while one runs, a few events per connection and
/// per HTTP request (see benchmarks/README.md).
/// </para>
/// </remarks>
public sealed class ConnectionWatch : IDisposable, IAsyncDisposable
{
    private const string SocketsSource = "System.Net.Sockets";
    private const string HttpSource = "System.Net.Http";

    private readonly object _gate = new();
    private readonly HashSet<Connect> _pending = new();
    private readonly AsyncLocal<Connect?> _current = new();
    private readonly Dictionary<IPEndPoint, Counts> _endPoints = new();
    private readonly Dictionary<long, Counts> _httpConnections = new();
    private readonly Dictionary<(string Host, int Port), int> _httpRequests = new();
    private readonly Listener _listener;
    private TimeSpan _settleTimeout = TimeSpan.FromSeconds(5);
    private bool _disposed;

    private ConnectionWatch(ConnectionFilter filter)
    {
        Filter = filter;
        _listener = new Listener(this);
    }

    /// <summary>
    /// False where the app has switched EventSource off (<c>EventSourceSupport=false</c>, common in trimmed and
    /// native AOT apps): then <see cref="Start()"/> throws.
    /// </summary>
    public static bool IsSupported => !(AppContext.TryGetSwitch("System.Diagnostics.Tracing.EventSource.IsSupported", out bool enabled) && !enabled);

    /// <summary>The filter this watch counts with.</summary>
    public ConnectionFilter Filter { get; }

    /// <summary>How long an answer waits for connects still in progress. Default 5 s.</summary>
    public TimeSpan SettleTimeout
    {
        get => _settleTimeout;
        set => _settleTimeout = value >= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The settle timeout is a finite, non-negative time.");
    }

    /// <summary>Successful TCP connects seen so far (waits for connects in progress, up to <see cref="SettleTimeout"/>).</summary>
    public int Opened => Snapshot().Opened;

    /// <summary>Failed TCP connects seen so far (refused, timed out, cancelled).</summary>
    public int Failed => Snapshot().Failed;

    /// <summary>Starts a watch over every outgoing TCP connection of the process (see the remarks on parallel tests).</summary>
    /// <exception cref="NotSupportedException">EventSource is switched off in this app.</exception>
    public static ConnectionWatch Start() => Start(ConnectionFilter.Any);

    /// <summary>Starts a watch over the connections <paramref name="filter"/> matches.</summary>
    /// <exception cref="NotSupportedException">EventSource is switched off in this app.</exception>
    public static ConnectionWatch Start(ConnectionFilter filter)
    {
        if (filter is null)
        {
            throw new ArgumentNullException(nameof(filter));
        }

        if (!IsSupported)
        {
            throw new NotSupportedException(
                "ConnectionWatch reads the runtime's networking telemetry (EventSource), and this app has EventSource switched off " +
                "(EventSourceSupport=false, common with trimming or native AOT). Set <EventSourceSupport>true</EventSourceSupport> in the test project.");
        }

        var watch = new ConnectionWatch(filter);
        watch._listener.Ready();
        return watch;
    }

    /// <summary>Starts a watch over the connections to <paramref name="endPoint"/>: the way to isolate a test.</summary>
    public static ConnectionWatch Start(IPEndPoint endPoint) => Start(ConnectionFilter.ForEndPoint(endPoint));

    /// <summary>Successful connects to <paramref name="endPoint"/> (waits as <see cref="Opened"/> does).</summary>
    public int OpenedTo(IPEndPoint endPoint) => Snapshot().OpenedTo(endPoint);

    /// <summary>
    /// The counts now, per endpoint. Waits for connects in progress (up to <see cref="SettleTimeout"/>), so a connect
    /// whose stop event is still on its way on another thread is counted.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The watch was disposed.</exception>
    public ConnectionSnapshot Snapshot()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            long deadline = Environment.TickCount64 + (long)_settleTimeout.TotalMilliseconds;
            while (_pending.Count > 0)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    break;
                }

                Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
                ThrowIfDisposed();
            }

            foreach (var connect in _pending)
            {
                connect.Counts.Pending++;
            }

            var endPoints = _endPoints.Values
                .Select(c => c.ToResult(_httpRequests))
                .OrderByDescending(e => e.Opened + e.Pending)
                .ThenByDescending(e => e.Failed)
                .ToList();
            foreach (var connect in _pending)
            {
                connect.Counts.Pending--;
            }

            return new ConnectionSnapshot(Filter, endPoints);
        }
    }

    /// <summary>
    /// Throws <see cref="ConnectionChurnException"/> when more than <paramref name="maxConnections"/> TCP connections were
    /// opened (connects still in progress count); its message names the endpoints, the counts, the connections the
    /// client closed, the limit and the ConnHygiene rule that usually explains the pattern.
    /// </summary>
    /// <exception cref="ConnectionChurnException">More connections were opened.</exception>
    /// <exception cref="ObjectDisposedException">The watch was disposed: assert before disposing it.</exception>
    public void AssertAtMost(int maxConnections)
    {
        if (maxConnections < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConnections), maxConnections, "The limit is a count of connections, 0 or more.");
        }

        var snapshot = Snapshot();
        if (snapshot.Opened + snapshot.Pending > maxConnections)
        {
            throw new ConnectionChurnException(snapshot, maxConnections);
        }
    }

    /// <summary>Stops watching; the counts are gone with it (take a <see cref="Snapshot"/> first to keep them).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        _listener.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        lock (_gate)
        {
            return _disposed ? $"ConnectionWatch ({Filter}, disposed)" : $"ConnectionWatch ({Filter}, {_endPoints.Values.Sum(c => c.Opened)} opened so far)";
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ConnectionWatch), "This ConnectionWatch was disposed, and its counts with it. Assert (or take a Snapshot()) before disposing it, e.g. inside the 'using' block.");
        }
    }

    private void OnEvent(EventWrittenEventArgs e)
    {
        string? source = e.EventSource?.Name;
        if (source == SocketsSource)
        {
            OnSocketsEvent(e);
        }
        else if (source == HttpSource)
        {
            OnHttpEvent(e);
        }
    }

    // ConnectStart fires on the connecting flow; ConnectFailed and ConnectStop fire in the same execution context, on
    // the connecting thread (synchronous connect) or the thread that completes it. The start's mark in _current is what
    // they see. Every start sets the mark (null when the filter does not match), so a stale mark from an earlier
    // connect of the same flow is never taken for a later one; a mark is counted once.
    private void OnSocketsEvent(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "ConnectStart":
                var remote = SocketAddressText.Parse(Payload(e, "address") as string);
                Connect? started = null;
                if (remote is not null && Filter.Matches(remote))
                {
                    lock (_gate)
                    {
                        if (!_disposed)
                        {
                            started = new Connect(CountsFor(remote));
                            _pending.Add(started);
                        }
                    }
                }

                if (started is not null || _current.Value is not null)
                {
                    _current.Value = started;
                }

                break;
            case "ConnectFailed":
                if (_current.Value is Connect failed)
                {
                    lock (_gate)
                    {
                        if (!failed.Done)
                        {
                            failed.Error = Payload(e, "error") is int code ? (SocketError)code : SocketError.SocketError;
                        }
                    }
                }

                break;
            case "ConnectStop":
                if (_current.Value is Connect done)
                {
                    lock (_gate)
                    {
                        if (!done.Done)
                        {
                            done.Done = true;
                            _pending.Remove(done);
                            if (done.Error is SocketError error)
                            {
                                done.Counts.Failed++;
                                done.Counts.LastError = error;
                            }
                            else
                            {
                                done.Counts.Opened++;
                            }

                            if (_pending.Count == 0)
                            {
                                Monitor.PulseAll(_gate);
                            }
                        }
                    }
                }

                break;
        }
    }

    private void OnHttpEvent(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "ConnectionEstablished":
                if (Payload(e, "connectionId") is long id
                    && Payload(e, "host") is string host
                    && Payload(e, "port") is int port
                    && Payload(e, "remoteAddress") is string address
                    && IPAddress.TryParse(address, out var ip)
                    && port is >= IPEndPoint.MinPort and <= IPEndPoint.MaxPort)
                {
                    var remote = new IPEndPoint(ConnectionFilter.Normalize(ip), port);
                    if (Filter.Matches(remote))
                    {
                        lock (_gate)
                        {
                            if (!_disposed)
                            {
                                var counts = CountsFor(remote);
                                counts.HttpOpened++;
                                counts.HostNames.Add(host);
                                _httpConnections[id] = counts;
                            }
                        }
                    }
                }

                break;
            case "ConnectionClosed":
                if (Payload(e, "connectionId") is long closedId)
                {
                    lock (_gate)
                    {
                        if (_httpConnections.TryGetValue(closedId, out var counts))
                        {
                            _httpConnections.Remove(closedId);
                            counts.HttpClosed++;
                        }
                    }
                }

                break;
            case "RequestStart":
                if (Payload(e, "host") is string requestHost && Payload(e, "port") is int requestPort && Filter.MayMatchPort(requestPort))
                {
                    lock (_gate)
                    {
                        if (!_disposed)
                        {
                            _httpRequests.TryGetValue((requestHost, requestPort), out int n);
                            _httpRequests[(requestHost, requestPort)] = n + 1;
                        }
                    }
                }

                break;
        }
    }

    private Counts CountsFor(IPEndPoint remote)
    {
        if (!_endPoints.TryGetValue(remote, out var counts))
        {
            counts = new Counts(remote);
            _endPoints.Add(remote, counts);
        }

        return counts;
    }

    private static object? Payload(EventWrittenEventArgs e, string name)
    {
        var names = e.PayloadNames;
        var values = e.Payload;
        if (names is null || values is null)
        {
            return null;
        }

        for (int i = 0; i < names.Count && i < values.Count; i++)
        {
            if (names[i] == name)
            {
                return values[i];
            }
        }

        return null;
    }

    private sealed class Connect
    {
        public Connect(Counts counts) => Counts = counts;

        public Counts Counts { get; }

        public SocketError? Error { get; set; }

        public bool Done { get; set; }
    }

    private sealed class Counts
    {
        public Counts(IPEndPoint endPoint) => EndPoint = endPoint;

        public IPEndPoint EndPoint { get; }

        public int Opened { get; set; }

        public int Failed { get; set; }

        public int Pending { get; set; }

        public SocketError? LastError { get; set; }

        public int HttpOpened { get; set; }

        public int HttpClosed { get; set; }

        public SortedSet<string> HostNames { get; } = new(StringComparer.OrdinalIgnoreCase);

        public EndPointConnections ToResult(Dictionary<(string Host, int Port), int> requests)
        {
            int sent = 0;
            foreach (var host in HostNames)
            {
                if (requests.TryGetValue((host, EndPoint.Port), out int n))
                {
                    sent += n;
                }
            }

            return new EndPointConnections(EndPoint, Opened, Failed, Pending, LastError, HttpOpened, HttpClosed, sent, HostNames.ToArray());
        }
    }

    /// <summary>
    /// The in-process listener. EventListener calls <see cref="OnEventSourceCreated"/> from its own constructor, before
    /// this class's constructor body runs, so enabling happens there and events are only handed on once
    /// <see cref="Ready"/> was called.
    /// </summary>
    private sealed class Listener : EventListener
    {
        private readonly ConnectionWatch _watch;
        private volatile bool _ready;

        public Listener(ConnectionWatch watch) => _watch = watch;

        public void Ready() => _ready = true;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            switch (eventSource.Name)
            {
                case SocketsSource:
                case HttpSource:
                    EnableEvents(eventSource, EventLevel.Informational, EventKeywords.All);
                    break;
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (_ready)
            {
                _watch.OnEvent(eventData);
            }
        }
    }
}
