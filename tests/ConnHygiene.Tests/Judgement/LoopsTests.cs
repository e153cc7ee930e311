using ConnHygiene.Analyzers.Lifetimes;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="Loops"/>: does the first loop in the snippet run until told to stop, end on its own, or make one exchange?</summary>
public class LoopsTests
{
    private static Microsoft.CodeAnalysis.Operations.ILoopOperation FirstLoop(string statements)
    {
        var fixture = JudgementFixture.Compile($$"""
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            public class Subject
            {
                public async Task Run(Socket socket, NetworkStream stream, byte[] buffer, List<int> list, IAsyncEnumerable<int> messages, CancellationToken token)
                {
                    int read = 0, n = 0;
                    await Task.Yield();
            {{statements}}
                }
            }
            """);
        return fixture.Loop(0);
    }

    [Theory]
    [InlineData("while (true) { await stream.ReadAsync(buffer, token); }")]
    [InlineData("while (!token.IsCancellationRequested) { await stream.ReadAsync(buffer, token); }")]
    [InlineData("for (;;) { socket.Send(buffer); }")]
    [InlineData("await foreach (var m in messages) { }")]
    [InlineData("while (stream.Read(buffer, 0, buffer.Length) > 0) { }")]
    public void Runs_until_told_to_stop(string loop)
    {
        var operation = FirstLoop(loop);
        Assert.True(Loops.IsLongRunning(operation));
    }

    [Theory]
    [InlineData("while (read < buffer.Length) { read += stream.Read(buffer, read, buffer.Length - read); }")]
    [InlineData("for (int i = 0; i < 3; i++) { socket.Send(buffer); }")]
    [InlineData("foreach (var item in list) { socket.Send(buffer); }")]
    [InlineData("while (socket.Available > 0) { socket.Receive(buffer); }")]
    [InlineData("do { stream.Read(buffer, 0, buffer.Length); } while (stream.DataAvailable);")]
    public void Ends_on_its_own_so_is_not_long_running(string loop)
    {
        Assert.False(Loops.IsLongRunning(FirstLoop(loop)));
    }

    [Theory]
    [InlineData("while (read < buffer.Length) { }")]
    [InlineData("while (read < n && !token.IsCancellationRequested) { }")]
    [InlineData("while ((read < list.Count)) { }")]
    [InlineData("while (socket.Available > 0) { }")]
    [InlineData("while (socket.Available != 0) { }")]
    [InlineData("while (stream.DataAvailable) { }")]
    public void Counter_and_drain_conditions_end_on_their_own(string loop)
    {
        Assert.True(Loops.EndsOnItsOwn(FirstLoop(loop)));
    }

    [Theory]
    [InlineData("while (read < list.Capacity) { }")]
    [InlineData("while (read < stream.Read(buffer, 0, 1)) { }")]
    [InlineData("while (socket.Available > 1) { }")]
    [InlineData("while (read < n || !token.IsCancellationRequested) { }")]
    [InlineData("while (read != n) { }")]
    [InlineData("for (int i = 0; i < n; i++) { }")]
    public void Near_misses_do_not_end_on_their_own(string loop)
    {
        Assert.False(Loops.EndsOnItsOwn(FirstLoop(loop)));
    }

    [Fact]
    public void Available_of_a_type_outside_System_Net_Sockets_is_not_a_drain()
    {
        var fixture = JudgementFixture.Compile("""
            public class Queue { public int Available => 0; }
            public class Subject
            {
                public void Run(Queue queue) { while (queue.Available > 0) { } }
            }
            """);
        Assert.False(Loops.EndsOnItsOwn(fixture.Loop(0)));
    }

    [Theory]
    [InlineData("while (read < buffer.Length) { read += stream.Read(buffer, read, buffer.Length - read); }")]
    [InlineData("while (read < buffer.Length) { read += await socket.ReceiveAsync(buffer, SocketFlags.None); }")]
    [InlineData("while (socket.Available > 0) { socket.Send(buffer); }")]
    public void Fill_and_drain_loops_are_one_exchange(string loop)
    {
        Assert.True(Loops.IsSingleExchange(FirstLoop(loop)));
    }

    [Theory]
    [InlineData("while (read < n) { socket.Send(buffer); read++; }")]
    [InlineData("for (int i = 0; i < n; i++) { stream.Read(buffer, 0, 1); }")]
    [InlineData("while (true) { stream.Read(buffer, 0, 1); }")]
    public void Counter_loops_that_send_and_other_loops_are_several_exchanges(string loop)
    {
        Assert.False(Loops.IsSingleExchange(FirstLoop(loop)));
    }
}
