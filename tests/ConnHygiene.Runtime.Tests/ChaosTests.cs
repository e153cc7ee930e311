using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

public class ChaosTests
{
    private const int MaxSize = 6;

    [LinuxFact]
    public async Task Pool_survives_resets_idle_closes_and_refusals_without_dead_handouts_overflow_or_leaks()
    {
        await using var server = TcpEchoServer.Start(new LoopbackServerOptions { ResetProbability = 0.08, Seed = 42 });
        // The pool's clock (creation back-off, timeouts) moves only when a worker fails: a loaded machine cannot
        // make back-off or acquire timeouts run out behind the test's back.
        FakeTimeProvider time = FakeTime.Create();
        var pool = new TcpConnectionPool(new TcpConnectionPoolOptions
        {
            MaxConnectionsPerEndpoint = MaxSize,
            AcquireTimeout = TimeSpan.FromSeconds(10),
            MaxCreateRetryDelay = TimeSpan.FromMilliseconds(200),
            TimeProvider = time,
        });
        int holders = 0, maxHolders = 0, maxCount = 0, succeeded = 0, failedAttempts = 0;

        void Observe(int h)
        {
            int seen;
            while ((seen = Volatile.Read(ref maxHolders)) < h && Interlocked.CompareExchange(ref maxHolders, h, seen) != seen)
            {
            }

            foreach (var p in pool.EndpointPools)
            {
                int count = p.Count;
                while ((seen = Volatile.Read(ref maxCount)) < count && Interlocked.CompareExchange(ref maxCount, count, seen) != seen)
                {
                }
            }
        }

        async Task<bool> TryRequestAsync(byte[] message)
        {
            PooledConnection<TcpConnection> lease;
            try
            {
                lease = await pool.RentAsync(server.EndPoint);
            }
            catch (SocketException)
            {
                return false; // refused while the server refuses (or during the pool's back-off)
            }

            await using (lease)
            {
                Observe(Interlocked.Increment(ref holders));
                try
                {
                    byte[] reply = await TcpConnectionPoolTests.EchoAsync(lease.Value, message);
                    Assert.Equal(message, reply);
                    return true;
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is EndOfStreamException)
                {
                    lease.Invalidate(); // reset by the chaos server mid-request
                    return false;
                }
                finally
                {
                    Interlocked.Decrement(ref holders);
                }
            }
        }

        async Task Worker(int id)
        {
            var random = new Random(id);
            for (int i = 0; i < 40; i++)
            {
                byte[] message = BitConverter.GetBytes(id * 1000 + i);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                while (!await TryRequestAsync(message))
                {
                    Interlocked.Increment(ref failedAttempts);
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "a request never succeeded");
                    time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 10)));
                    await Task.Delay(random.Next(1, 10));
                }

                Interlocked.Increment(ref succeeded);
                if (random.Next(10) == 0)
                {
                    await Task.Delay(random.Next(1, 20));
                }
            }
        }

        // Phase A: random resets, plus refusals toggled while 16 workers hammer a pool of 6.
        using var stopToggling = new CancellationTokenSource();
        Task toggler = Task.Run(async () =>
        {
            while (!stopToggling.IsCancellationRequested)
            {
                await Task.Delay(40);
                server.RefuseNewConnections = !server.RefuseNewConnections;
            }

            server.RefuseNewConnections = false;
        });
        await Eventually.Within(Task.WhenAll(Enumerable.Range(1, 16).Select(id => Task.Run(() => Worker(id)))), 90);
        stopToggling.Cancel();
        await toggler;

        Assert.Equal(16 * 40, succeeded);
        Assert.True(failedAttempts > 0, "the chaos server never disturbed anything: the test proves nothing");
        Assert.True(server.ResetConnections > 0);
        Assert.InRange(maxHolders, 1, MaxSize);
        Assert.InRange(maxCount, 1, MaxSize);

        // Phase B: every idle connection is killed by the server (half closed, half reset); none may be handed out.
        server.ResetProbability = 0;
        time.Advance(TimeSpan.FromMilliseconds(200)); // let the pool's creation back-off from the refusals run out
        PooledConnection<TcpConnection>[] warm = await Task.WhenAll(Enumerable.Range(0, MaxSize).Select(_ => pool.RentAsync(server.EndPoint).AsTask()));
        Socket[] killed = warm.Select(l => l.Value.Socket).ToArray();
        foreach (var lease in warm)
        {
            await lease.DisposeAsync();
        }

        Assert.True(await Eventually.TrueAsync(() => server.OpenConnections == MaxSize));
        server.CloseAllConnections();
        Assert.True(await Eventually.TrueAsync(() => killed.All(s => s.Poll(0, SelectMode.SelectRead))));
        PooledConnection<TcpConnection>[] fresh = await Task.WhenAll(Enumerable.Range(0, MaxSize).Select(_ => pool.RentAsync(server.EndPoint).AsTask()));
        foreach (var lease in fresh)
        {
            Assert.DoesNotContain(lease.Value.Socket, killed);
            Assert.False(lease.Value.PeerClosed);
            Assert.Equal(new byte[] { 7 }, await TcpConnectionPoolTests.EchoAsync(lease.Value, new byte[] { 7 }));
            await lease.DisposeAsync();
        }

        // Phase C: the server closes idle connections; each request after such a close must succeed first time.
        await using var idleServer = TcpEchoServer.Start(new LoopbackServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(150) });
        for (int i = 0; i < 4; i++)
        {
            await using (var lease = await pool.RentAsync(idleServer.EndPoint))
            {
                Assert.Equal(new byte[] { 3 }, await TcpConnectionPoolTests.EchoAsync(lease.Value, new byte[] { 3 }));
            }

            Assert.True(await Eventually.TrueAsync(() => idleServer.OpenConnections == 0)); // the server closed it (FIN sent)
        }

        Assert.Equal(4, idleServer.AcceptedConnections);

        // No leak: after dispose no client socket to either server is still established or stuck in CLOSE_WAIT.
        await pool.DisposeAsync();
        foreach (int port in new[] { server.Port, idleServer.Port })
        {
            Assert.True(await Eventually.TrueAsync(() =>
                TcpSocketCounter.CountClientSockets(port, LinuxTcpState.Established) == 0
                && TcpSocketCounter.CountClientSockets(port, LinuxTcpState.CloseWait) == 0));
        }

        Assert.True(await Eventually.TrueAsync(() => server.OpenConnections == 0 && idleServer.OpenConnections == 0));
    }
}
