using System;
using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="LocalUsage"/>: what a member does with the local <c>client</c> that holds the marked creation.</summary>
public class LocalUsageTests
{
    private static LocalUsage Usage(string body, string members = "", Func<ILocalReferenceOperation, LocalUsage.ReferenceUse>? classify = null)
    {
        var fixture = JudgementFixture.Compile($$"""
            using System;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            public static class Extensions
            {
                public static void Configure(this HttpClient client) { }
            }
            public class Subject
            {
                private HttpClient? _kept;
                private readonly List<HttpClient> _all = new();
                private readonly ILogger _logger = null!;
                private static void Keep(object value) { }
            {{members}}
                public async Task<object?> Run(Socket socket)
                {
                    await Task.Yield();
            {{body}}
                }
            }
            """);
        var creation = fixture.OperationAt<IObjectCreationOperation>();
        var local = fixture.Local("client");
        return classify is null
            ? LocalUsage.Analyze(local, creation, CancellationToken.None)
            : LocalUsage.Analyze(local, creation, classify, CancellationToken.None);
    }

    [Fact]
    public void Using_declaration_is_disposed_by_using()
    {
        var usage = Usage("""
                    using var client = /*here*/new HttpClient();
                    return await client.GetStringAsync("http://x");
            """);
        Assert.True(usage.DisposedByUsing);
        Assert.True(usage.Disposed);
        Assert.False(usage.Escapes);
    }

    [Fact]
    public void Using_statement_is_disposed_by_using()
    {
        var usage = Usage("""
                    using (var client = /*here*/new HttpClient())
                    {
                        return await client.GetStringAsync("http://x");
                    }
            """);
        Assert.True(usage.DisposedByUsing);
    }

    [Fact]
    public void Explicit_Dispose_call_is_disposed_but_not_by_using()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    var text = await client.GetStringAsync("http://x");
                    client.Dispose();
                    return text;
            """);
        Assert.True(usage.Disposed);
        Assert.False(usage.DisposedByUsing);
    }

    [Fact]
    public void Conditional_Dispose_and_using_an_existing_local_dispose_it()
    {
        Assert.True(Usage("""
                    var client = /*here*/new HttpClient();
                    client?.Dispose();
                    return null;
            """).Disposed);
        var later = Usage("""
                    var client = /*here*/new HttpClient();
                    using (client) { }
                    return null;
            """);
        Assert.True(later.Disposed);
        Assert.False(later.DisposedByUsing);
    }

    [Fact]
    public void Local_only_called_is_neither_disposed_nor_escaping()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    return await client.GetStringAsync("http://x");
            """);
        Assert.False(usage.Disposed);
        Assert.False(usage.Escapes);
        Assert.False(usage.UsedInLoop);
        Assert.False(usage.Captured);
    }

    [Fact]
    public void Returned_local_escapes_only_by_return()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return client;
            """);
        Assert.True(usage.EscapesOnlyByReturn);
        Assert.True(usage.Escapes);
    }

    [Fact]
    public void Returned_and_stored_local_escapes_not_only_by_return()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    _kept = client;
                    return client;
            """);
        Assert.False(usage.EscapesOnlyByReturn);
        Assert.True(usage.Escapes);
    }

    [Fact]
    public void Local_returned_from_a_lambda_escapes_but_not_by_the_members_return()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    Func<HttpClient> get = () => client;
                    return get;
            """);
        Assert.True(usage.Escapes);
        Assert.False(usage.EscapesOnlyByReturn);
        Assert.True(usage.Captured);
    }

    [Fact]
    public void Added_to_a_list_or_passed_to_a_method_escapes()
    {
        Assert.True(Usage("""
                    var client = /*here*/new HttpClient();
                    _all.Add(client);
                    return null;
            """).Escapes);
        Assert.True(Usage("""
                    var client = /*here*/new HttpClient();
                    Keep(client);
                    return null;
            """).Escapes);
    }

    [Fact]
    public void Receiver_of_an_extension_method_does_not_escape()
    {
        Assert.False(Usage("""
                    var client = /*here*/new HttpClient();
                    client.Configure();
                    return null;
            """).Escapes);
    }

    [Fact]
    public void Only_formatted_in_a_log_call_or_interpolation_does_not_escape()
    {
        Assert.False(Usage("""
                    var client = /*here*/new HttpClient();
                    _logger.LogInformation("Using {Client}", client);
                    Console.WriteLine(client);
                    return $"{client}";
            """).Escapes);
    }

    [Fact]
    public void Object_argument_of_a_method_not_named_like_formatting_escapes()
    {
        Assert.True(Usage("""
                    var client = /*here*/new HttpClient();
                    Keep(client);
                    Console.WriteLine(client);
                    return null;
            """).Escapes);
    }

    [Fact]
    public void Used_in_a_loop_that_does_not_create_it()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    while (true)
                    {
                        await client.GetStringAsync("http://x");
                    }
            """);
        Assert.True(usage.UsedInLoop);
    }

    [Fact]
    public void Used_in_the_loop_that_creates_it_is_not_used_in_a_loop()
    {
        var usage = Usage("""
                    while (true)
                    {
                        var client = /*here*/new HttpClient();
                        await client.GetStringAsync("http://x");
                    }
            """);
        Assert.False(usage.UsedInLoop);
    }

    [Fact]
    public void Used_in_a_drain_loop_of_the_same_exchange_is_not_used_in_a_loop()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    while (socket.Available > 0)
                    {
                        await client.GetStringAsync("http://x");
                    }
                    return null;
            """);
        Assert.False(usage.UsedInLoop);
    }

    [Fact]
    public void Used_in_a_lambda_that_does_not_create_it_is_captured()
    {
        var usage = Usage("""
                    var client = /*here*/new HttpClient();
                    Func<Task<string>> get = () => client.GetStringAsync("http://x");
                    return await get();
            """);
        Assert.True(usage.Captured);
    }

    [Fact]
    public void Used_inside_the_lambda_that_creates_it_is_not_captured()
    {
        var usage = Usage("""
                    Func<Task<string>> get = async () =>
                    {
                        var client = /*here*/new HttpClient();
                        return await client.GetStringAsync("http://x");
                    };
                    return await get();
            """);
        Assert.False(usage.Captured);
    }

    [Fact]
    public void Callers_classification_overrides_the_usual_one()
    {
        const string body = """
                    var client = /*here*/new HttpClient();
                    Keep(client);
                    return null;
            """;
        Assert.True(Usage(body).Escapes);
        var consumed = Usage(body, classify: _ => LocalUsage.ReferenceUse.Consume);
        Assert.True(consumed.Consumed);
        Assert.False(consumed.Escapes);
        Assert.True(Usage(body, classify: _ => LocalUsage.ReferenceUse.Dispose).Disposed);
        Assert.False(Usage(body, classify: _ => LocalUsage.ReferenceUse.Use).Escapes);
    }
}
