using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>
/// <see cref="Loops"/>' one definition of "created once per iteration", its one loop keyword for messages, and whether a
/// method runs until told to stop.
/// </summary>
public class LoopIterationTests
{
    private static JudgementFixture Compile(string statements, string extraMembers = "") => JudgementFixture.Compile($$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        public class Subject
        {
            public async Task Run(List<int> list, IAsyncEnumerable<int> messages, Func<MemoryStream> factory)
            {
                MemoryStream? s = null;
                await Task.Yield();
        {{statements}}
            }
        {{extraMembers}}
        }
        """);

    [Theory]
    [InlineData("while (true) { s = new MemoryStream(); }")]
    [InlineData("for (var i = 0; i < 3; s = new MemoryStream()) { i++; }")]
    [InlineData("while ((s = new MemoryStream()).Length == 0) { }")]
    public void Body_condition_and_increment_run_every_iteration(string loop)
    {
        var fixture = Compile(loop);
        Assert.Same(fixture.Loop(0), Loops.IterationLoop(fixture.Creation("MemoryStream")));
    }

    [Theory]
    [InlineData("for (var m = new MemoryStream(); m.Length < 3; m.WriteByte(1)) { }")]
    [InlineData("foreach (var i in list) { factory = () => new MemoryStream(); }")]
    public void The_initializer_and_a_lambda_in_the_body_do_not(string loop)
    {
        var fixture = Compile(loop);
        Assert.Null(Loops.IterationLoop(fixture.Creation("MemoryStream")));
    }

    [Theory]
    [InlineData("await foreach (var m in messages) { }", "await foreach")]
    [InlineData("foreach (var i in list) { }", "foreach")]
    [InlineData("do { } while (list.Count > 0);", "do")]
    [InlineData("while (list.Count > 0) { }", "while")]
    [InlineData("for (;;) { }", "for")]
    public void One_keyword_names_each_loop_in_every_phrase(string loop, string keyword)
    {
        var operation = Compile(loop).Loop(0);
        Assert.Equal(keyword, Loops.Keyword(operation));
        Assert.Equal($"in every iteration of a {keyword} loop", Loops.EveryIterationPhrase(operation));
        Assert.Equal($"across a long-running {keyword} loop", Loops.AcrossPhrase(operation));
    }

    [Fact]
    public void A_method_with_an_endless_loop_runs_until_stopped_and_one_with_a_counted_loop_does_not()
    {
        var fixture = Compile(
            "Pump(); Count();",
            "private static void Pump() { while (true) { } }\n    private static void Count() { for (var i = 0; i < 3; i++) { } }");
        Assert.True(Loops.MethodRunsUntilStopped(fixture.Invocation("Pump").TargetMethod, fixture.Model, CancellationToken.None));
        Assert.False(Loops.MethodRunsUntilStopped(fixture.Invocation("Count").TargetMethod, fixture.Model, CancellationToken.None));
    }
}
