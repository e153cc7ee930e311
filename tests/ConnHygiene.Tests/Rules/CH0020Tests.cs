using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Fixer = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.SharedPoolClientAnalyzer,
    ConnHygiene.CodeFixes.Rules.SharedPoolClientFixer>;
using Verify = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.SharedPoolClientAnalyzer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>
/// CH0020: pool-owning clients made per operation. The client libraries cannot be restored here, so each test adds
/// <see cref="Clients"/>: minimal look-alike types under the real metadata names, which is all the rule matches on.
/// </summary>
public class CH0020Tests
{
    /// <summary>Look-alikes of the client libraries' public surface, under their real namespaces.</summary>
    private const string Clients = """
        namespace StackExchange.Redis
        {
            public interface IDatabase { string StringGet(string key); }
            public interface IConnectionMultiplexer : System.IDisposable { IDatabase GetDatabase(); }
            public sealed class ConnectionMultiplexer : IConnectionMultiplexer
            {
                public static ConnectionMultiplexer Connect(string configuration) => new ConnectionMultiplexer();
                public static System.Threading.Tasks.Task<ConnectionMultiplexer> ConnectAsync(string configuration) => System.Threading.Tasks.Task.FromResult(new ConnectionMultiplexer());
                public IDatabase GetDatabase() => null!;
                public void Close() { }
                public void Dispose() { }
            }
        }

        namespace Grpc.Net.Client
        {
            public sealed class GrpcChannel : System.IDisposable
            {
                public static GrpcChannel ForAddress(string address) => new GrpcChannel();
                public void Dispose() { }
            }
        }

        namespace MongoDB.Driver
        {
            public class MongoClient
            {
                public MongoClient(string connectionString) { }
                public object GetDatabase(string name) => name;
            }
        }

        namespace Microsoft.Azure.Cosmos
        {
            public class CosmosClient : System.IDisposable
            {
                public CosmosClient(string connectionString) { }
                public static System.Threading.Tasks.Task<CosmosClient> CreateAndInitializeAsync(string connectionString) => System.Threading.Tasks.Task.FromResult(new CosmosClient(connectionString));
                public void Dispose() { }
            }
        }

        namespace Azure.Messaging.ServiceBus
        {
            public class ServiceBusClient : System.IAsyncDisposable
            {
                public ServiceBusClient(string connectionString) { }
                public System.Threading.Tasks.ValueTask DisposeAsync() => default;
            }
        }

        namespace Azure.Storage.Blobs
        {
            public class BlobServiceClient
            {
                public BlobServiceClient(string connectionString) { }
            }
        }

        namespace Amazon.Runtime
        {
            public abstract class AmazonServiceClient : System.IDisposable
            {
                public void Dispose() { }
            }
        }

        namespace Amazon.S3
        {
            public interface IAmazonS3 : System.IDisposable { }
            public class AmazonS3Client : Amazon.Runtime.AmazonServiceClient, IAmazonS3
            {
                public AmazonS3Client() { }
            }
        }

        namespace Amazon.S3.Transfer
        {
            public class TransferUtility
            {
                public TransferUtility(Amazon.S3.IAmazonS3 client) { }
                public void Upload(string path, string bucket) { }
            }
        }

        namespace RabbitMQ.Client
        {
            public interface IModel : System.IDisposable { }
            public interface IConnection : System.IDisposable { IModel CreateModel(); void Close(); }
            public interface IConnectionFactory { IConnection CreateConnection(); }
            public class ConnectionFactory : IConnectionFactory
            {
                public string HostName { get; set; } = "localhost";
                public IConnection CreateConnection() => null!;
                public System.Threading.Tasks.Task<IConnection> CreateConnectionAsync() => System.Threading.Tasks.Task.FromResult<IConnection>(null!);
            }
        }

        namespace Contoso.Search
        {
            public sealed class SearchClient
            {
                public SearchClient(string endpoint) { }
                public static SearchClient Create(string endpoint) => new SearchClient(endpoint);
                public string Query(string text) => text;
            }
        }

        """;

    private static Verify.Test Analyze(string source, string? editorConfig = null)
    {
        var test = new Verify.Test { TestCode = source, EditorConfig = editorConfig };
        test.TestState.Sources.Add(Clients);
        return test;
    }

    private static Fixer.Test Fix(string source, string? fixedSource = null, string? batchFixedSource = null)
    {
        var test = new Fixer.Test
        {
            TestCode = source,
            CodeActionEquivalenceKey = EquivalenceKeys.HoistToLazy,
            CodeActionExpected = fixedSource is not null,
        };
        test.TestState.Sources.Add(Clients);
        if (fixedSource is not null)
        {
            test.FixedCode = fixedSource;
            test.FixedState.Sources.Add(Clients);
        }

        if (batchFixedSource is not null)
        {
            test.BatchFixedCode = batchFixedSource;
            test.BatchFixedState.Sources.Add(Clients);
        }

        return test;
    }

    // ---- Positives: every shape the issue names -------------------------------------------------------------

    [Fact]
    public async Task RedisConnectInUsingDeclarationIsReportedWithMemberTypeAndReason()
    {
        var test = Analyze("""
            using StackExchange.Redis;

            public class Cache
            {
                public string Get(string key)
                {
                    using var redis = {|#0:ConnectionMultiplexer.Connect("localhost")|};
                    return redis.GetDatabase().StringGet(key);
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Cache.Get", "ConnectionMultiplexer", "on every call and disposes it"));
        await test.RunAsync();
    }

    [Fact]
    public async Task AwaitedConnectAsyncIsReported()
    {
        await Analyze("""
            using System.Threading.Tasks;
            using StackExchange.Redis;

            public class Cache
            {
                public async Task<string> GetAsync(string key)
                {
                    using var redis = await [|ConnectionMultiplexer.ConnectAsync("localhost")|].ConfigureAwait(false);
                    return redis.GetDatabase().StringGet(key);
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task CreationAsCallReceiverIsReported()
    {
        var test = Analyze("""
            using StackExchange.Redis;

            public class Cache
            {
                public string Get(string key) => {|#0:ConnectionMultiplexer.Connect("localhost")|}.GetDatabase().StringGet(key);
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Cache.Get", "ConnectionMultiplexer", "on every call"));
        await test.RunAsync();
    }

    [Fact]
    public async Task CreationAsConstructorArgumentIsJudgedByItsOwner()
    {
        var test = Analyze("""
            using Amazon.S3;
            using Amazon.S3.Transfer;

            public class Uploader
            {
                public void Upload(string path)
                {
                    var transfer = new TransferUtility({|#0:new AmazonS3Client()|});
                    transfer.Upload(path, "bucket");
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Uploader.Upload", "AmazonS3Client", "on every call"));
        await test.RunAsync();
    }

    [Fact]
    public async Task EveryBuiltInClientInALoopIsReported()
    {
        await Analyze("""
            using Azure.Messaging.ServiceBus;
            using Azure.Storage.Blobs;
            using Grpc.Net.Client;
            using Microsoft.Azure.Cosmos;
            using MongoDB.Driver;
            using RabbitMQ.Client;

            public class Jobs
            {
                public void Run(string[] items)
                {
                    foreach (var item in items)
                    {
                        using var channel = [|GrpcChannel.ForAddress("https://localhost:5001")|];
                        var mongo = [|new MongoClient("mongodb://localhost")|];
                        using var cosmos = [|new CosmosClient("AccountEndpoint=https://localhost")|];
                        var bus = [|new ServiceBusClient("Endpoint=sb://localhost")|];
                        var blobs = [|new BlobServiceClient("UseDevelopmentStorage=true")|];
                        var factory = new ConnectionFactory { HostName = item };
                        using var connection = [|factory.CreateConnection()|];
                        IConnectionFactory abstractFactory = factory;
                        using var other = [|abstractFactory.CreateConnection()|];
                    }
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task AsyncFactoriesAreReportedAndGetNoFix()
    {
        var test = Fix("""
            using System.Threading.Tasks;
            using Microsoft.Azure.Cosmos;
            using RabbitMQ.Client;

            public class Jobs
            {
                public async Task Run(string[] items)
                {
                    foreach (var item in items)
                    {
                        using var connection = await {|#0:new ConnectionFactory { HostName = "rabbit" }.CreateConnectionAsync()|};
                        using var cosmos = await {|#1:CosmosClient.CreateAndInitializeAsync("AccountEndpoint=https://localhost")|}.ConfigureAwait(false);
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Jobs.Run", "IConnection", "in every iteration of a foreach loop"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("Jobs.Run", "CosmosClient", "in every iteration of a foreach loop"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ControllerActionIsReported()
    {
        var test = Analyze("""
            using Microsoft.AspNetCore.Mvc;
            using MongoDB.Driver;

            [ApiController]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public object Get() => {|#0:new MongoClient("mongodb://localhost")|}.GetDatabase("orders");
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Get", "MongoClient", "for every request ('OrdersController' is created per request)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task MinimalApiHandlerIsReported()
    {
        await Analyze("""
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/value", () => [|ConnectionMultiplexer.Connect("localhost")|].GetDatabase().StringGet("k"));
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task BackgroundServiceLoopIsReported()
    {
        var test = Analyze("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public class Worker : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var factory = new ConnectionFactory();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using var connection = {|#0:factory.CreateConnection()|};
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Worker.ExecuteAsync", "IConnection", "in every iteration of a while loop"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ScopedRegistrationFactoryIsReported()
    {
        await Analyze("""
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            public static class Registration
            {
                public static void Add(IServiceCollection services)
                    => services.AddScoped<IConnectionMultiplexer>(_ => [|ConnectionMultiplexer.Connect("localhost")|]);
            }
            """).RunAsync();
    }

    [Fact]
    public async Task ConfiguredTypeIsReportedForConstructorAndStaticFactory()
    {
        await Analyze(
            """
            using Contoso.Search;

            public class Finder
            {
                public string Find(string text)
                {
                    var a = [|new SearchClient("https://search")|];
                    var b = [|SearchClient.Create("https://search")|];
                    return a.Query(text) + b.Query(text);
                }
            }
            """,
            "[*.cs]\nconnhygiene.singleton_client_types = Contoso.Other.Thing, Contoso.Search.SearchClient").RunAsync();
    }

    // ---- Negatives ------------------------------------------------------------------------------------------

    [Fact]
    public async Task ConfiguredTypeIsNotReportedWithoutTheOption()
    {
        await Analyze("""
            using Contoso.Search;

            public class Finder
            {
                public string Find(string text) => new SearchClient("https://search").Query(text);
            }
            """).RunAsync();
    }

    [Fact]
    public async Task CachedAndSingletonClientsAreNotReported()
    {
        await Analyze("""
            using System;
            using System.Collections.Concurrent;
            using Grpc.Net.Client;
            using Microsoft.Extensions.DependencyInjection;
            using MongoDB.Driver;
            using StackExchange.Redis;

            public class Clients
            {
                private static readonly Lazy<ConnectionMultiplexer> s_redis = new(() => ConnectionMultiplexer.Connect("localhost"));
                private static readonly MongoClient s_mongo = new MongoClient("mongodb://localhost");
                private static readonly ConcurrentDictionary<string, GrpcChannel> s_channels = new();
                private static GrpcChannel? s_channel;

                static Clients()
                {
                    s_channel = GrpcChannel.ForAddress("https://static");
                }

                public static GrpcChannel Channel(string address) => s_channels.GetOrAdd(address, a => GrpcChannel.ForAddress(a));

                public static void Register(IServiceCollection services)
                {
                    services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("localhost"));
                    services.AddSingleton(new MongoClient("mongodb://localhost"));
                }

                public string Get(string key) => s_redis.Value.GetDatabase().StringGet(key);
            }
            """).RunAsync();
    }

    [Fact]
    public async Task MainAndLongLivedInstanceFieldsAreNotReported()
    {
        await Analyze("""
            using MongoDB.Driver;

            public class Repository
            {
                private readonly MongoClient _client;

                public Repository() => _client = new MongoClient("mongodb://localhost");

                public object Database => _client.GetDatabase("app");
            }

            public static class Program
            {
                public static void Main()
                {
                    var client = new MongoClient("mongodb://localhost");
                    System.Console.WriteLine(client.GetDatabase("app"));
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task SameSimpleNameInAnotherNamespaceIsNotReported()
    {
        await Analyze("""
            namespace MyApp.Fakes
            {
                public sealed class ConnectionMultiplexer
                {
                    public static ConnectionMultiplexer Connect(string configuration) => new ConnectionMultiplexer();
                }

                public sealed class MongoClient
                {
                    public MongoClient(string connectionString) { }
                }

                public class Use
                {
                    public void Run()
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            ConnectionMultiplexer.Connect("x");
                            _ = new MongoClient("y");
                        }
                    }
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task TestCodeIsNotReported()
    {
        await Analyze("""
            using StackExchange.Redis;
            using Xunit;

            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            public class CacheTests
            {
                [Fact]
                public void Reads()
                {
                    using var redis = ConnectionMultiplexer.Connect("localhost");
                    redis.GetDatabase();
                }
            }
            """).RunAsync();
    }

    // ---- Fix: hoist to a static Lazy<T> -------------------------------------------------------------------

    [Fact]
    public async Task FixHoistsUsingDeclarationToLazyAndDropsTheUsing()
    {
        await Fix(
            """
            using StackExchange.Redis;

            public class Cache
            {
                public string Get(string key)
                {
                    using var redis = [|ConnectionMultiplexer.Connect("localhost")|];
                    return redis.GetDatabase().StringGet(key);
                }
            }
            """,
            """
            using System;
            using StackExchange.Redis;

            public class Cache
            {
                private static readonly Lazy<ConnectionMultiplexer> s_connectionMultiplexer = new(() => ConnectionMultiplexer.Connect("localhost"));

                public string Get(string key)
                {
                    var redis = s_connectionMultiplexer.Value;
                    return redis.GetDatabase().StringGet(key);
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixRewritesReceiverAndConstructorArgumentSites()
    {
        await Fix(
            """
            using Amazon.S3;
            using Amazon.S3.Transfer;
            using StackExchange.Redis;

            public class Jobs
            {
                private const string Redis = "localhost:6379";

                public string Get(string key) => [|ConnectionMultiplexer.Connect(Redis)|].GetDatabase().StringGet(key);

                public void Upload(string path)
                {
                    var transfer = new TransferUtility([|new AmazonS3Client()|]);
                    transfer.Upload(path, "bucket");
                }
            }
            """,
            """
            using System;
            using Amazon.S3;
            using Amazon.S3.Transfer;
            using StackExchange.Redis;

            public class Jobs
            {
                private const string Redis = "localhost:6379";
                private static readonly Lazy<ConnectionMultiplexer> s_connectionMultiplexer = new(() => ConnectionMultiplexer.Connect(Redis));
                private static readonly Lazy<AmazonS3Client> s_amazonS3Client = new(() => new AmazonS3Client());

                public string Get(string key) => s_connectionMultiplexer.Value.GetDatabase().StringGet(key);

                public void Upload(string path)
                {
                    var transfer = new TransferUtility(s_amazonS3Client.Value);
                    transfer.Upload(path, "bucket");
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixUnwrapsUsingStatementAndRemovesExplicitDisposal()
    {
        await Fix(
            """
            using Grpc.Net.Client;
            using RabbitMQ.Client;

            public class Jobs
            {
                public void Run(string[] items)
                {
                    foreach (var item in items)
                    {
                        using (var channel = [|GrpcChannel.ForAddress("https://localhost:5001")|])
                        {
                            System.Console.WriteLine(channel.ToString() + item);
                            channel.Dispose();
                        }

                        var connection = [|new ConnectionFactory { HostName = "rabbit" }.CreateConnection()|];
                        try
                        {
                            connection.CreateModel().Dispose();
                        }
                        finally
                        {
                            connection?.Close();
                        }
                    }
                }
            }
            """,
            """
            using System;
            using Grpc.Net.Client;
            using RabbitMQ.Client;

            public class Jobs
            {
                private static readonly Lazy<GrpcChannel> s_grpcChannel = new(() => GrpcChannel.ForAddress("https://localhost:5001"));
                private static readonly Lazy<IConnection> s_connection = new(() => new ConnectionFactory { HostName = "rabbit" }.CreateConnection());

                public void Run(string[] items)
                {
                    foreach (var item in items)
                    {
                        var channel = s_grpcChannel.Value;
                        System.Console.WriteLine(channel.ToString() + item);

                        var connection = s_connection.Value;
                        try
                        {
                            connection.CreateModel().Dispose();
                        }
                        finally
                        {
                        }
                    }
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixAllAddsOneLazyPerTypePerDistinctCreation()
    {
        var test = Fix(
            """
            using MongoDB.Driver;
            using StackExchange.Redis;

            public class Cache
            {
                public string A(string key) => [|ConnectionMultiplexer.Connect("localhost")|].GetDatabase().StringGet(key);

                public string B(string key) => [|ConnectionMultiplexer.Connect("localhost")|].GetDatabase().StringGet(key);

                public string C(string key) => [|ConnectionMultiplexer.Connect("replica")|].GetDatabase().StringGet(key);
            }

            public class Store
            {
                public object Orders()
                {
                    var client = [|new MongoClient("mongodb://localhost")|];
                    return client.GetDatabase("orders");
                }

                public string D(string key) => [|ConnectionMultiplexer.Connect("localhost")|].GetDatabase().StringGet(key);
            }
            """,
            """
            using System;
            using MongoDB.Driver;
            using StackExchange.Redis;

            public class Cache
            {
                private static readonly Lazy<ConnectionMultiplexer> s_connectionMultiplexer = new(() => ConnectionMultiplexer.Connect("localhost"));
                private static readonly Lazy<ConnectionMultiplexer> s_connectionMultiplexer2 = new(() => ConnectionMultiplexer.Connect("replica"));

                public string A(string key) => s_connectionMultiplexer.Value.GetDatabase().StringGet(key);

                public string B(string key) => s_connectionMultiplexer.Value.GetDatabase().StringGet(key);

                public string C(string key) => s_connectionMultiplexer2.Value.GetDatabase().StringGet(key);
            }

            public class Store
            {
                private static readonly Lazy<MongoClient> s_mongoClient = new(() => new MongoClient("mongodb://localhost"));
                private static readonly Lazy<ConnectionMultiplexer> s_connectionMultiplexer = new(() => ConnectionMultiplexer.Connect("localhost"));

                public object Orders()
                {
                    var client = s_mongoClient.Value;
                    return client.GetDatabase("orders");
                }

                public string D(string key) => s_connectionMultiplexer.Value.GetDatabase().StringGet(key);
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task FixInControllerFieldInitializerAndTargetTypedCreation()
    {
        await Fix(
            """
            using Microsoft.AspNetCore.Mvc;
            using MongoDB.Driver;

            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly MongoClient _client = [|new("mongodb://localhost")|];

                [HttpGet]
                public object Get() => _client.GetDatabase("orders");
            }
            """,
            """
            using System;
            using Microsoft.AspNetCore.Mvc;
            using MongoDB.Driver;

            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly MongoClient _client = s_mongoClient.Value;
                private static readonly Lazy<MongoClient> s_mongoClient = new(() => new MongoClient("mongodb://localhost"));

                [HttpGet]
                public object Get() => _client.GetDatabase("orders");
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixInTopLevelMinimalApiDeclaresALazyLocal()
    {
        var test = Fix(
            """
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create();
            app.MapGet("/value", () => [|ConnectionMultiplexer.Connect("localhost")|].GetDatabase().StringGet("k"));
            app.Run();
            """,
            """
            using System;
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create();

            var connectionMultiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect("localhost"));

            app.MapGet("/value", () => connectionMultiplexer.Value.GetDatabase().StringGet("k"));
            app.Run();
            """);
        test.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    // ---- Fix not offered --------------------------------------------------------------------------------------

    [Fact]
    public async Task FixIsNotOfferedForPerCallArgumentsAsyncFactoriesOrEscapingClients()
    {
        await Fix("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using MongoDB.Driver;
            using RabbitMQ.Client;
            using StackExchange.Redis;

            public class Cache
            {
                private readonly string _configuration = "localhost";

                public string FromParameter(string configuration) => [|ConnectionMultiplexer.Connect(configuration)|].GetDatabase().StringGet("k");

                public string FromInstanceField() => [|ConnectionMultiplexer.Connect(_configuration)|].GetDatabase().StringGet("k");

                public async Task<string> Async()
                {
                    var redis = await [|ConnectionMultiplexer.ConnectAsync("localhost")|];
                    return redis.GetDatabase().StringGet("k");
                }

                public void FactoryLocal()
                {
                    var factory = new ConnectionFactory();
                    using var connection = [|factory.CreateConnection()|];
                }

                public string ViaFactory() => Open().GetDatabase().StringGet("k");

                private static ConnectionMultiplexer Open() => [|ConnectionMultiplexer.Connect("localhost")|];

                public string Generic<T>() where T : new() => [|ConnectionMultiplexer.Connect(typeof(T).Name)|].GetDatabase().StringGet("k");
            }

            [ApiController]
            public class OrdersController : ControllerBase, System.IDisposable
            {
                private readonly MongoClient _client = [|new MongoClient("mongodb://localhost")|];

                [HttpGet]
                public object Get() => _client.GetDatabase("orders");

                public void Dispose() => (_client as System.IDisposable)?.Dispose();
            }
            """).RunAsync();
    }
}
