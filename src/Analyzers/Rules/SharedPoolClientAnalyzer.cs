using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0020: a client that owns a connection pool (Redis multiplexer, gRPC channel, database and cloud SDK clients,
/// RabbitMQ connections, <c>connhygiene.singleton_client_types</c>) created per operation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedPoolClientAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0020SharedPoolClient);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        // Nothing to look for: none of the built-in clients resolves and no tree names a client type of its own.
        var clients = new PoolClients(judge);
        if (!clients.HasKnownClients && !IsAnyClientTypeConfigured(operations.Compilation, operations.Options))
        {
            return;
        }

        operations.OnEveryCreation(c => AnalyzeCreation(c, clients));
        operations.OnEveryInvocation(c => AnalyzeInvocation(c, clients));
    }

    private static bool IsAnyClientTypeConfigured(Compilation compilation, AnalyzerOptions options)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GlobalOptions.TryGetValue(OptionNames.SingletonClientTypes, out _))
        {
            return true;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.GetOptions(tree).TryGetValue(OptionNames.SingletonClientTypes, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, PoolClients clients)
    {
        if (context.Operation is IObjectCreationOperation { Type: INamedTypeSymbol type } creation
            && (clients.IsKnownClient(type) || clients.IsConfiguredClient(type, ConfiguredTypes(context, creation))))
        {
            Report(context, clients, creation, type);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, PoolClients clients)
    {
        if (context.Operation is IInvocationOperation { Type: { } type } invocation
            && (clients.IsKnownFactory(invocation.TargetMethod)
                || (PoolClients.IsSelfFactory(invocation.TargetMethod) && clients.IsConfiguredClient(invocation.TargetMethod.ContainingType, ConfiguredTypes(context, invocation)))))
        {
            Report(context, clients, invocation, PoolClients.ResultType(type));
        }
    }

    /// <summary>The raw <c>connhygiene.singleton_client_types</c> value for the operation's tree (read without parsing every option).</summary>
    private static string? ConfiguredTypes(OperationAnalysisContext context, IOperation operation)
        => context.Options.AnalyzerConfigOptionsProvider.GetOptions(operation.Syntax.SyntaxTree).TryGetValue(OptionNames.SingletonClientTypes, out var text)
            ? text
            : null;

    private static void Report(OperationAnalysisContext context, PoolClients clients, IOperation creation, ITypeSymbol type)
    {
        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        var verdict = clients.Judge.Judge(PoolClients.ValueOf(creation), context.ContainingSymbol, options, context.CancellationToken);
        if (verdict.IsPerOperation)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CH0020SharedPoolClient,
                creation.Syntax.GetLocation(),
                Display.Member(context.ContainingSymbol),
                type.Name,
                verdict.Reason));
        }
    }
}

/// <summary>The pool-owning client types of one compilation, known by metadata name, plus those an option names.</summary>
internal sealed class PoolClients
{
    private readonly ImmutableArray<INamedTypeSymbol> _constructed;
    private readonly ImmutableArray<(INamedTypeSymbol Type, string Method)> _factories;
    private readonly INamedTypeSymbol? _amazonServiceClient;
    private readonly ConcurrentDictionary<string, ImmutableArray<INamedTypeSymbol>> _configured = new();

    public PoolClients(LifetimeJudge judge)
    {
        Judge = judge;
        var types = judge.Types;
        var constructed = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in new[]
                 {
                     "MongoDB.Driver.MongoClient",
                     "Microsoft.Azure.Cosmos.CosmosClient",
                     "Azure.Messaging.ServiceBus.ServiceBusClient",
                     "Azure.Storage.Blobs.BlobServiceClient",
                 })
        {
            if (types.Get(name) is { } type)
            {
                constructed.Add(type);
            }
        }

        var factories = ImmutableArray.CreateBuilder<(INamedTypeSymbol, string)>();
        foreach (var (name, methods) in new[]
                 {
                     ("StackExchange.Redis.ConnectionMultiplexer", new[] { "Connect", "ConnectAsync" }),
                     ("Grpc.Net.Client.GrpcChannel", new[] { "ForAddress" }),
                     ("Microsoft.Azure.Cosmos.CosmosClient", new[] { "CreateAndInitializeAsync" }),
                     ("RabbitMQ.Client.ConnectionFactory", new[] { "CreateConnection", "CreateConnectionAsync" }),
                     ("RabbitMQ.Client.IConnectionFactory", new[] { "CreateConnection", "CreateConnectionAsync" }),
                 })
        {
            if (types.Get(name) is { } type)
            {
                foreach (var method in methods)
                {
                    factories.Add((type, method));
                }
            }
        }

        _constructed = constructed.ToImmutable();
        _factories = factories.ToImmutable();
        _amazonServiceClient = types.Get("Amazon.Runtime.AmazonServiceClient");
    }

    public LifetimeJudge Judge { get; }

    /// <summary>True when any built-in pool-owning client type resolves in the compilation.</summary>
    public bool HasKnownClients => !_constructed.IsEmpty || !_factories.IsEmpty || _amazonServiceClient is not null;

    /// <summary>True when <c>new T(...)</c> creates one of the built-in pool-owning clients.</summary>
    public bool IsKnownClient(INamedTypeSymbol type)
    {
        foreach (var known in _constructed)
        {
            if (KnownTypes.IsOrDerivesFrom(type, known))
            {
                return true;
            }
        }

        return _amazonServiceClient is not null && !type.IsAbstract && KnownTypes.IsOrDerivesFrom(type, _amazonServiceClient);
    }

    /// <summary>True for the built-in factory calls (<c>ConnectionMultiplexer.Connect</c>, <c>GrpcChannel.ForAddress</c>, ...).</summary>
    public bool IsKnownFactory(IMethodSymbol method)
    {
        if (method.ContainingType is not { } container)
        {
            return false;
        }

        foreach (var (type, name) in _factories)
        {
            if (method.Name == name && KnownTypes.IsOrDerivesFrom(container, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A static method that returns (a task of) its own type: the factory shape of a configured client type.</summary>
    public static bool IsSelfFactory(IMethodSymbol method)
        => method.IsStatic
           && method.ContainingType is { } container
           && KnownTypes.IsOrDerivesFrom(ResultType(method.ReturnType), container.OriginalDefinition);

    /// <summary>True when <paramref name="type"/> is or derives from a type named in <paramref name="configured"/> (the option's raw value).</summary>
    public bool IsConfiguredClient(INamedTypeSymbol? type, string? configured)
    {
        if (type is null || string.IsNullOrWhiteSpace(configured))
        {
            return false;
        }

        foreach (var client in _configured.GetOrAdd(configured!, Resolve))
        {
            if (KnownTypes.IsOrDerivesFrom(type, client))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The client type a factory returns: <c>T</c> for <c>T</c>, <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c>.</summary>
    public static ITypeSymbol ResultType(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
           && NamespaceNames.Is(task.ContainingNamespace, "System.Threading.Tasks")
            ? task.TypeArguments[0]
            : type;

    /// <summary>
    /// The operation whose value is the client: the awaited result for an async factory
    /// (<c>await ConnectAsync(...)</c>, also with <c>ConfigureAwait</c>), otherwise the creation itself.
    /// </summary>
    public static IOperation ValueOf(IOperation creation)
    {
        var value = creation.WithConversions();
        if (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value)
        {
            value = configure.WithConversions();
        }

        return value.Parent is IAwaitOperation awaited ? awaited : creation;
    }

    private ImmutableArray<INamedTypeSymbol> Resolve(string configured)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in ConnHygieneOptions.SplitList(configured))
        {
            if (Judge.Types.Get(name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }
}
