using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Framing;
using ConnHygiene.Runtime.Testing;

namespace ConnHygiene.Runtime.Benchmarks;

/// <summary>
/// A supplement to the BenchmarkDotNet figures for a shared, loaded machine: the candidate and its baseline run in
/// alternating short batches in one process, and the median of the per-pair throughput ratios is reported, so that
/// load that drifts over minutes (other jobs on the same cores) hits both sides alike.
/// </summary>
internal static class Paired
{
    private const int Pairs = 61;

    public static async Task RunAsync()
    {
        await RequestResponseAsync();
        await FramingAsync();
    }

    private static async Task RequestResponseAsync()
    {
        await using TcpEchoServer server = TcpEchoServer.Start();
        IPEndPoint endPoint = server.EndPoint;
        await using var pool = new TcpConnectionPool(new TcpConnectionPoolOptions { MaxConnectionsPerEndpoint = 8 });
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        raw.Connect(endPoint);
        using var rawStream = new NetworkStream(raw, ownsSocket: false);
        byte[] message = new byte[64], reply = new byte[64];

        async Task Raw()
        {
            await rawStream.WriteAsync(message);
            await rawStream.ReadExactlyAsync(reply);
        }

        async Task Pooled()
        {
            await using PooledConnection<TcpConnection> lease = await pool.RentAsync(endPoint);
            await lease.Value.Stream.WriteAsync(message);
            await lease.Value.Stream.ReadExactlyAsync(reply);
        }

        async Task ConnectPerRequest()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(message);
            await stream.ReadExactlyAsync(reply);
        }

        await Compare("request/response: TcpConnectionPool vs one raw kept-alive socket", Raw, Pooled, 200);
        await Compare("request/response: TcpConnectionPool vs connect per request", ConnectPerRequest, Pooled, 50);
        await Compare("control, raw kept-alive socket vs the same (noise floor)", Raw, Raw, 200);
    }

    private static async Task FramingAsync()
    {
        using var pair = new LoopbackPair();
        var options = new FramingOptions { MaxFrameSize = 1024 * 1024, ReadBufferSize = 128 * 1024 };
        using var writer = new FrameWriter(pair.Sender, options);
        using var reader = new FrameReader(pair.Receiver, options);
        byte[] large = new byte[64 * 1024], small = new byte[128], receiveBuffer = new byte[64 * 1024];

        async Task ReceiveRaw(long total)
        {
            while (total > 0)
            {
                int read = await pair.Receiver.ReadAsync(receiveBuffer.AsMemory(0, (int)Math.Min(receiveBuffer.Length, total)));
                total -= read > 0 ? read : throw new EndOfStreamException();
            }
        }

        async Task ReceiveFrames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                _ = await reader.ReadAsync() ?? throw new EndOfStreamException();
            }
        }

        async Task RawSend(byte[] payload, int count)
        {
            Task receive = Task.Run(() => ReceiveRaw((long)payload.Length * count));
            for (int i = 0; i < count; i++)
            {
                await pair.Sender.WriteAsync(payload);
            }

            await receive;
        }

        async Task FramedSend(byte[] payload, int count)
        {
            Task receive = Task.Run(() => ReceiveFrames(count));
            for (int i = 0; i < count; i++)
            {
                await writer.WriteAsync(FrameType.Data, payload);
            }

            await receive;
        }

        await Compare("framing 64 KiB: FrameWriter/FrameReader vs raw socket", () => RawSend(large, 64), () => FramedSend(large, 64), 2);
        await Compare("framing 128 B: one framed write vs one raw send per message", () => RawSend(small, 200), () => FramedSend(small, 200), 4);
        await Compare("control, raw 128 B sends vs the same (noise floor)", () => RawSend(small, 200), () => RawSend(small, 200), 4);
    }

    /// <summary>Prints the median over pairs of baseline-time / candidate-time (above 1: the candidate is faster).</summary>
    private static async Task Compare(string name, Func<Task> baseline, Func<Task> candidate, int batch)
    {
        for (int i = 0; i < batch * 5; i++)
        {
            await baseline();
            await candidate();
        }

        var ratios = new List<double>();
        var baselineTimes = new List<double>();
        var candidateTimes = new List<double>();
        for (int pair = 0; pair < Pairs; pair++)
        {
            // Alternate which side goes first: the second of two back-to-back batches tends to run slower.
            double b, c;
            if (pair % 2 == 0)
            {
                b = await TimeAsync(baseline, batch);
                c = await TimeAsync(candidate, batch);
            }
            else
            {
                c = await TimeAsync(candidate, batch);
                b = await TimeAsync(baseline, batch);
            }

            baselineTimes.Add(b);
            candidateTimes.Add(c);
            ratios.Add(b / c);
        }

        ratios.Sort();
        baselineTimes.Sort();
        candidateTimes.Sort();
        int mid = Pairs / 2, q1 = Pairs / 4, q3 = 3 * Pairs / 4;
        Console.WriteLine(
            $"{name}: throughput ratio median {ratios[mid]:F2} (quartiles {ratios[q1]:F2}..{ratios[q3]:F2}); " +
            $"median per call: baseline {baselineTimes[mid]:F1} us, candidate {candidateTimes[mid]:F1} us");
    }

    private static async Task<double> TimeAsync(Func<Task> action, int count)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            await action();
        }

        return watch.Elapsed.TotalMicroseconds / count;
    }
}
