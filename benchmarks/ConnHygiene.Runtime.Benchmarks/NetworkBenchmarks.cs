using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ConnHygiene.Runtime.Framing;
using ConnHygiene.Runtime.Testing;

namespace ConnHygiene.Runtime.Benchmarks;

/// <summary>A connected loopback socket pair with NoDelay on both ends.</summary>
public sealed class LoopbackPair : IDisposable
{
    public LoopbackPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        Socket server = listener.Accept();
        server.NoDelay = true;
        Sender = new NetworkStream(client, ownsSocket: true);
        Receiver = new NetworkStream(server, ownsSocket: true);
    }

    public NetworkStream Sender { get; }

    public NetworkStream Receiver { get; }

    public void Dispose()
    {
        Sender.Dispose();
        Receiver.Dispose();
    }
}

/// <summary>Loopback request/response (64-byte echo), one client, against the in-process echo server.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
// A fixed, small invocation count: connect-per-request leaves a TIME_WAIT socket per call.
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 256)]
public class RequestResponseBenchmarks
{
    private const int Requests = 10;
    private readonly byte[] _message = new byte[64];
    private readonly byte[] _reply = new byte[64];
    private TcpEchoServer _server = null!;
    private IPEndPoint _endPoint = null!;
    private TcpConnectionPool _pool = null!;
    private Socket _raw = null!;
    private NetworkStream _rawStream = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = TcpEchoServer.Start();
        _endPoint = _server.EndPoint;
        _pool = new TcpConnectionPool(new TcpConnectionPoolOptions { MaxConnectionsPerEndpoint = 8 });
        _raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _raw.Connect(_endPoint);
        _rawStream = new NetworkStream(_raw, ownsSocket: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawStream.Dispose();
        _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests, Description = "one raw kept-alive socket")]
    public async Task RawKeptAlive()
    {
        for (int i = 0; i < Requests; i++)
        {
            await _rawStream.WriteAsync(_message);
            await _rawStream.ReadExactlyAsync(_reply);
        }
    }

    [Benchmark(OperationsPerInvoke = Requests, Description = "TcpConnectionPool rent/request/return")]
    public async Task Pooled()
    {
        for (int i = 0; i < Requests; i++)
        {
            await using PooledConnection<TcpConnection> lease = await _pool.RentAsync(_endPoint);
            Stream stream = lease.Value.Stream;
            await stream.WriteAsync(_message);
            await stream.ReadExactlyAsync(_reply);
        }
    }

    [Benchmark(OperationsPerInvoke = Requests, Description = "connect per request")]
    public async Task ConnectPerRequest()
    {
        for (int i = 0; i < Requests; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(_endPoint);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(_message);
            await stream.ReadExactlyAsync(_reply);
        }
    }
}

/// <summary>Framing throughput on one loopback connection against raw socket writes of the same payloads.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FramingThroughputBenchmarks
{
    private const int LargeCount = 64;
    private const int SmallCount = 1000;
    private readonly byte[] _large = new byte[64 * 1024];
    private readonly byte[] _small = new byte[128];
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];
    private LoopbackPair _pair = null!;
    private FrameWriter _writer = null!;
    private FrameReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_large);
        _pair = new LoopbackPair();
        var options = new FramingOptions { MaxFrameSize = 1024 * 1024, ReadBufferSize = 128 * 1024 };
        _writer = new FrameWriter(_pair.Sender, options);
        _reader = new FrameReader(_pair.Receiver, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _reader.Dispose();
        _pair.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LargeCount, Description = "raw socket write, 64 KiB")]
    [BenchmarkCategory("64KiB")]
    public async Task RawLarge()
    {
        Task receive = ReceiveRawAsync((long)LargeCount * _large.Length);
        for (int i = 0; i < LargeCount; i++)
        {
            await _pair.Sender.WriteAsync(_large);
        }

        await receive;
    }

    [Benchmark(OperationsPerInvoke = LargeCount, Description = "FrameWriter/FrameReader, 64 KiB")]
    [BenchmarkCategory("64KiB")]
    public async Task FramedLarge()
    {
        Task receive = ReceiveFramesAsync(LargeCount);
        for (int i = 0; i < LargeCount; i++)
        {
            await _writer.WriteAsync(FrameType.Data, _large);
        }

        await receive;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SmallCount, Description = "raw socket, one send per 128 B message")]
    [BenchmarkCategory("128B")]
    public async Task RawSmall()
    {
        Task receive = ReceiveRawAsync((long)SmallCount * _small.Length);
        for (int i = 0; i < SmallCount; i++)
        {
            await _pair.Sender.WriteAsync(_small);
        }

        await receive;
    }

    [Benchmark(OperationsPerInvoke = SmallCount, Description = "framed, one write per 128 B frame")]
    [BenchmarkCategory("128B")]
    public async Task FramedSmall()
    {
        Task receive = ReceiveFramesAsync(SmallCount);
        for (int i = 0; i < SmallCount; i++)
        {
            await _writer.WriteAsync(FrameType.Data, _small);
        }

        await receive;
    }

    [Benchmark(OperationsPerInvoke = SmallCount, Description = "framed, 128 B frames batched (flush: false)")]
    [BenchmarkCategory("128B")]
    public async Task FramedSmallBatched()
    {
        Task receive = ReceiveFramesAsync(SmallCount);
        for (int i = 0; i < SmallCount; i++)
        {
            await _writer.WriteAsync(FrameType.Data, _small, flush: false);
        }

        await _writer.FlushAsync();
        await receive;
    }

    private async Task ReceiveRawAsync(long total)
    {
        await Task.Yield();
        while (total > 0)
        {
            int read = await _pair.Receiver.ReadAsync(_receiveBuffer.AsMemory(0, (int)Math.Min(_receiveBuffer.Length, total)));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            total -= read;
        }
    }

    private async Task ReceiveFramesAsync(int count)
    {
        await Task.Yield();
        for (int i = 0; i < count; i++)
        {
            if (await _reader.ReadAsync() is null)
            {
                throw new EndOfStreamException();
            }
        }
    }
}

/// <summary>Decoding alone (no socket): allocation per decoded frame with a byte payload.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class FrameDecodeBenchmarks
{
    private const int Frames = 1000;
    private FrameReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var encoded = new MemoryStream();
        using (var writer = new FrameWriter(encoded))
        {
            for (int i = 0; i < 64; i++)
            {
                writer.WriteAsync(FrameType.Data, new byte[128]).AsTask().GetAwaiter().GetResult();
            }
        }

        _reader = new FrameReader(new ReplayStream(encoded.ToArray()));
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "FrameReader.ReadAsync, 128 B payload")]
    public async Task<int> Decode()
    {
        int total = 0;
        for (int i = 0; i < Frames; i++)
        {
            Frame? frame = await _reader.ReadAsync();
            total += frame!.Value.Payload.Length;
        }

        return total;
    }

    /// <summary>Replays the same bytes forever, at most 4 KiB per read (so reads also complete mid-frame).</summary>
    private sealed class ReplayStream : Stream
    {
        private readonly byte[] _data;
        private int _position;

        public ReplayStream(byte[] data) => _data = data;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) =>
            new(Read(buffer.Span));

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 4096), _data.Length - _position);
            _data.AsSpan(_position, n).CopyTo(buffer);
            _position = (_position + n) % _data.Length;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
