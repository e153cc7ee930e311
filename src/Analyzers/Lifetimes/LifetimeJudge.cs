using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// The one judgement every rule asks: does the code that creates this object run once per process or once per
/// operation (request, call, loop iteration)? Local to one member (plus, for private factories, their callers in
/// the same file), so it stays cheap; anything it cannot tell is <see cref="Lifetime.Unknown"/> and not reported.
/// </summary>
internal sealed class LifetimeJudge
{
    private const int MaxDepth = 4;

    private readonly PerRequestTypes _perRequestTypes;

    private readonly CallSites _callSites;

    internal LifetimeJudge(KnownTypes types)
    {
        Types = types;
        _perRequestTypes = new PerRequestTypes(types);
        _callSites = new CallSites(types.Compilation);
    }

    public KnownTypes Types { get; }

    /// <summary>Judges the code that evaluates <paramref name="creation"/> (an object creation or a factory call).</summary>
    /// <param name="creation">The creation expression.</param>
    /// <param name="containingSymbol">The member whose body holds it (<c>OperationAnalysisContext.ContainingSymbol</c>).</param>
    /// <param name="options">The options for the creation's syntax tree.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public LifetimeVerdict Judge(IOperation creation, ISymbol containingSymbol, ConnHygieneOptions options, CancellationToken cancellationToken)
        => Judge(creation, containingSymbol, options, depth: 0, cancellationToken);

    /// <summary>True when <paramref name="type"/> is created per request (controllers, hubs, ..., scoped/transient registrations).</summary>
    public bool IsPerRequestType(INamedTypeSymbol? type, ConnHygieneOptions options, CancellationToken cancellationToken)
        => _perRequestTypes.IsPerRequest(type, options, cancellationToken);

    /// <summary>True when the DI container creates <paramref name="type"/>, so a fix may add constructor parameters.</summary>
    public bool IsCreatedByContainer(INamedTypeSymbol? type, ConnHygieneOptions options, CancellationToken cancellationToken)
        => _perRequestTypes.IsCreatedByContainer(type, options, cancellationToken);

    private LifetimeVerdict Judge(IOperation creation, ISymbol containingSymbol, ConnHygieneOptions options, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return LifetimeVerdict.Unknown;
        }

        var member = containingSymbol.OutsideFunctions();
        if (TestCode.IsExcluded(member, options))
        {
            return LifetimeVerdict.Excluded;
        }

        // 1. Where does the created value go?
        var use = ValueUse.Of(creation, Types);
        switch (use.Kind)
        {
            case ValueUseKind.StoredStatic when use.Store is { } store && FieldStores.IsLazyInitialization(store, cancellationToken):
                return LifetimeVerdict.PerProcess("created once, on first use, in a static member");
            case ValueUseKind.SingletonRegistration:
                return LifetimeVerdict.PerProcess("registered as a singleton");
            case ValueUseKind.Owned when use.Owner is { } owner:
                // Handed to a constructor: made as often as the object that receives it.
                return Judge(owner, containingSymbol, options, depth + 1, cancellationToken);
        }

        // 2. The innermost loop or delegate around it decides first; in code that runs once per process (a static
        //    constructor or initializer) a loop or a LINQ query repeats only a fixed number of times, once.
        var runsOnce = RunsOncePerProcess(member);
        for (var (child, node) = (creation, creation.Parent); node is not null; (child, node) = (node, node.Parent))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case ILoopOperation loop when !runsOnce && Loops.RunsEveryIteration(loop, child):
                    return LifetimeVerdict.PerIteration(Loops.EveryIterationPhrase(loop));
                case IAnonymousFunctionOperation lambda:
                    var verdict = JudgeDelegate(lambda, containingSymbol, options, depth, cancellationToken);
                    if (verdict.Lifetime != Lifetime.Unknown && !(runsOnce && verdict.IsIteration))
                    {
                        return verdict;
                    }

                    break;
            }
        }

        // 3. The member that holds it. Inside a local function or a lambda nobody above decided for, the code runs
        //    once per call of that function, however often the member around it runs.
        return creation.IsInsideFunction()
            ? JudgeLocal(creation, use, member, options, depth, cancellationToken)
            : JudgeMember(creation, use, member, options, depth, cancellationToken);
    }

    private LifetimeVerdict JudgeMember(IOperation creation, ValueUse use, ISymbol member, ConnHygieneOptions options, int depth, CancellationToken cancellationToken)
    {
        var type = member.ContainingType;
        switch (member)
        {
            case IFieldSymbol { IsStatic: true }:
            case IPropertySymbol { IsStatic: true } when use.Kind == ValueUseKind.Initializer:
                return LifetimeVerdict.PerProcess("in a static initializer");
            case IFieldSymbol:
            case IPropertySymbol when use.Kind == ValueUseKind.Initializer:
                return IsPerRequestType(type, options, cancellationToken)
                    ? LifetimeVerdict.PerOperation($"for every request ('{type?.Name}' is created per request)")
                    : LifetimeVerdict.Unknown;
            case IMethodSymbol { MethodKind: MethodKind.StaticConstructor }:
                return LifetimeVerdict.PerProcess("in a static constructor");
            case IMethodSymbol method when IsEntryPoint(method):
                return RunsOnceAndKeeps(creation, use, cancellationToken) ? LifetimeVerdict.PerProcess("in Main") : LifetimeVerdict.Unknown;
            case IMethodSymbol method when IsOncePerHostMethod(method):
                return RunsOnceAndKeeps(creation, use, cancellationToken) ? LifetimeVerdict.PerProcess("in a hosted service's startup") : LifetimeVerdict.Unknown;
            case IMethodSymbol { IsStatic: false } when IsPerRequestType(type, options, cancellationToken):
                return LifetimeVerdict.PerOperation($"for every request ('{type?.Name}' is created per request)");
            case IMethodSymbol method when IsEventHandler(method):
                return JudgeEventHandler(method, use, cancellationToken);
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when use.Store is { } store && IsPerCallStore(method, store, cancellationToken):
                // _client = new HttpClient(); ... _client.GetAsync(...): a field does not make it long-lived when every call replaces it.
                return OnEveryCall(method, "on every call");
            case IMethodSymbol { MethodKind: MethodKind.PropertyGet } getter when use.Kind == ValueUseKind.Returned:
                return LifetimeVerdict.PerOperation($"every time '{getter.AssociatedSymbol?.Name ?? getter.Name}' is read");
            case IPropertySymbol property when use.Kind == ValueUseKind.Returned:
                return LifetimeVerdict.PerOperation($"every time '{property.Name}' is read");
            case IMethodSymbol method when use.Kind == ValueUseKind.Returned:
                return JudgeFactory(creation, method, options, depth, cancellationToken);
        }

        return JudgeLocal(creation, use, member, options, depth, cancellationToken);
    }

    /// <summary>What a member does with the object in its own body: disposes it, uses it once, or lets it go elsewhere.</summary>
    private LifetimeVerdict JudgeLocal(IOperation creation, ValueUse use, ISymbol member, ConnHygieneOptions options, int depth, CancellationToken cancellationToken)
    {
        switch (use.Kind)
        {
            case ValueUseKind.Local when use.Local is not null && member is IMethodSymbol method:
                var usage = LocalUsage.Analyze(use.Local, creation, cancellationToken);
                if (usage.EscapesOnlyByReturn && !usage.UsedInLoop && !usage.Captured && method.MethodKind == MethodKind.Ordinary && !creation.IsInsideFunction())
                {
                    // var client = new HttpClient(); client.Timeout = ...; return client; — a factory, judged by its callers.
                    return JudgeFactory(creation, method, options, depth, cancellationToken);
                }

                if ((usage.Escapes && !usage.DisposedByUsing) || usage.UsedInLoop || (usage.Captured && !usage.Disposed))
                {
                    return LifetimeVerdict.Unknown;
                }

                return OnEveryCall(method, usage.Disposed ? "on every call and disposes it" : "on every call");
            case ValueUseKind.UsedOnce when member is IMethodSymbol method:
                return OnEveryCall(method, "on every call");
            case ValueUseKind.StoredStatic:
                return LifetimeVerdict.PerProcess("stored in a static member");
            default:
                return LifetimeVerdict.Unknown;
        }
    }

    /// <summary>A lambda or method group: decided by what it is handed to (Lazy, a cache, DI, LINQ, minimal APIs, events).</summary>
    private LifetimeVerdict JudgeDelegate(IOperation function, ISymbol containingSymbol, ConnHygieneOptions options, int depth, CancellationToken cancellationToken)
    {
        var node = function.Parent;
        while (node is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        if (node is IEventAssignmentOperation { Adds: true } subscription)
        {
            return UserInterface.IsUserActionEvent(subscription)
                ? LifetimeVerdict.PerUserAction("in an event handler, once per user action")
                : LifetimeVerdict.PerOperation("in an event handler, once per event");
        }

        if (node is not IArgumentOperation { Parent: { } target })
        {
            return LifetimeVerdict.Unknown;
        }

        if (IsPipelineConfiguration(function))
        {
            // app.Map("/x", branch => ...), UseWhen, MapWhen: builds the pipeline once; only the handlers inside run per request.
            return LifetimeVerdict.Unknown;
        }

        switch (target)
        {
            case IObjectCreationOperation lazy when IsLazy(lazy.Type):
                var outer = Judge(lazy, containingSymbol, options, depth + 1, cancellationToken);
                return outer.IsPerOperation ? outer : LifetimeVerdict.PerProcess("cached in a Lazy<T>");
            case IInvocationOperation invocation:
                return DelegateTarget.Classify(invocation.TargetMethod, Types);
            default:
                return LifetimeVerdict.Unknown;
        }
    }

    private LifetimeVerdict JudgeFactory(IOperation creation, IMethodSymbol factory, ConnHygieneOptions options, int depth, CancellationToken cancellationToken)
    {
        if (creation.SemanticModel is not { } model
            || (factory.DeclaredAccessibility != Accessibility.Private && KnownTypes.IsOrDerivesFrom(creation.Type, factory.ContainingType)))
        {
            // A type's own factory (SearchClient.Create) is reported where it is called, not inside the type.
            return LifetimeVerdict.Unknown;
        }

        // A private factory is called from its own type; a visible one (HttpClientInstance.CreateClient()) from anywhere
        // in the compilation, and from other assemblies too, so it is never known to run only once per process.
        var callers = factory.DeclaredAccessibility == Accessibility.Private
            ? FactoryCallers.Find(factory, model, cancellationToken)
            : FactoryCallers.FindInCompilation(factory, model, _callSites, cancellationToken);
        if (callers.IsEmpty)
        {
            return LifetimeVerdict.Unknown;
        }

        var allPerProcess = callers.Complete;
        foreach (var (call, caller) in callers.Calls)
        {
            var verdict = Judge(call, caller, options, depth + 1, cancellationToken);
            if (verdict.IsPerOperation)
            {
                return LifetimeVerdict.PerOperation($"in factory '{factory.Name}', which runs {verdict.Reason}");
            }

            allPerProcess &= verdict.Lifetime == Lifetime.PerProcess;
        }

        return allPerProcess ? LifetimeVerdict.PerProcess("in a factory only called once per process") : LifetimeVerdict.Unknown;
    }

    private static bool RunsOncePerProcess(ISymbol member)
        => member is IMethodSymbol { MethodKind: MethodKind.StaticConstructor } or IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true };

    private static bool IsPipelineConfiguration(IOperation function)
        => function is IAnonymousFunctionOperation { Symbol.Parameters: { Length: 1 } parameters }
           && parameters[0].Type is { Name: "IApplicationBuilder" or "IEndpointRouteBuilder" } builder
           && (NamespaceNames.Is(builder.ContainingNamespace, "Microsoft.AspNetCore.Builder") || NamespaceNames.Is(builder.ContainingNamespace, "Microsoft.AspNetCore.Routing"));

    private bool IsLazy(ITypeSymbol? type)
        => type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Types.Lazy1);

    private static bool IsEntryPoint(IMethodSymbol method)
        => method.IsStatic
           && (method.Name == "Main" || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName);

    private bool IsOncePerHostMethod(IMethodSymbol method)
    {
        if (method.IsStatic || !method.IsOverride || method.Name is not ("ExecuteAsync" or "StartAsync"))
        {
            return false;
        }

        return KnownTypes.IsOrDerivesFrom(method.ContainingType, Types.BackgroundService);
    }

    /// <summary>
    /// Per call, but a method of a desktop or mobile UI type (a window, a form, a page) runs in response to the user:
    /// at human rate.
    /// </summary>
    private static LifetimeVerdict OnEveryCall(IMethodSymbol method, string reason)
        => UserInterface.IsUiType(method.ContainingType) ? LifetimeVerdict.PerUserAction(reason) : LifetimeVerdict.PerOperation(reason);

    /// <summary>
    /// An <c>(object sender, EventArgs e)</c> method runs once per event. A UI handler runs once per user action, and
    /// what it stores in a field (the Connect button's client) is kept for later; elsewhere a field replaced and used
    /// on every event is per event, and a static one filled once (<c>Application_Start</c>) lives for the process.
    /// </summary>
    private static LifetimeVerdict JudgeEventHandler(IMethodSymbol method, ValueUse use, CancellationToken cancellationToken)
    {
        if (UserInterface.IsUserActionHandler(method))
        {
            return use.Store is null ? LifetimeVerdict.PerUserAction("in an event handler, once per user action") : LifetimeVerdict.Unknown;
        }

        if (use.Store is null || IsPerCallStore(method, use.Store, cancellationToken))
        {
            return LifetimeVerdict.PerOperation("in an event handler, once per event");
        }

        return use.Kind == ValueUseKind.StoredStatic ? LifetimeVerdict.PerProcess("stored in a static member") : LifetimeVerdict.Unknown;
    }

    /// <summary>A field assigned a new object on every call of a method that then uses it: not lazy, not a setup method.</summary>
    private static bool IsPerCallStore(IMethodSymbol method, IAssignmentOperation store, CancellationToken cancellationToken)
        => !IsSetupMethod(method)
           && !FieldStores.IsLazyInitialization(store, cancellationToken)
           && FieldStores.UsedAfter(store, cancellationToken);

    /// <summary>
    /// Methods that set an object up for later calls rather than doing one piece of work (<c>Initialize</c>,
    /// <c>ConnectAsync</c>, <c>Start</c>): a client they store is meant to outlive them.
    /// </summary>
    private static bool IsSetupMethod(IMethodSymbol method)
    {
        foreach (var prefix in s_setupPrefixes)
        {
            if (method.Name.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] s_setupPrefixes =
    {
        "Init", "Setup", "SetUp", "Start", "Connect", "Reconnect", "Open", "Login", "LogIn", "SignIn", "Configure", "Create", "Build", "Ensure", "Reset", "Begin", "Prepare", "Load", "OnInitialized",
    };

    /// <summary>
    /// Code that runs once (<c>Main</c>, a hosted service's <c>ExecuteAsync</c>) keeps what it creates for the process
    /// when it stores it or keeps running itself. Otherwise it is a one-shot use (a tool that makes its calls and exits,
    /// a warm-up call at startup): neither per operation nor long-lived.
    /// </summary>
    private static bool RunsOnceAndKeeps(IOperation creation, ValueUse use, CancellationToken cancellationToken)
        => use.Kind is ValueUseKind.StoredStatic or ValueUseKind.StoredInstance or ValueUseKind.Other
           || (use.Kind == ValueUseKind.Local && use.Local is { } local && LocalUsage.Analyze(local, creation, cancellationToken).Escapes)
           || KeepsRunning(creation.Root(), cancellationToken);

    /// <summary>
    /// True when a program's entry point keeps running: a loop that runs until told to stop, or a host that runs
    /// (<c>app.Run()</c>, <c>host.RunAsync()</c>, <c>WaitForShutdown</c>). Otherwise it is a one-shot program.
    /// </summary>
    private static bool KeepsRunning(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case ILoopOperation loop when Loops.IsLongRunning(loop):
                    return true;
                case IInvocationOperation { TargetMethod: { Name: "Run" or "RunAsync" or "RunConsoleAsync" or "WaitForShutdown" or "WaitForShutdownAsync" or "Start" or "StartAsync" } method }
                    when NamespaceNames.IsWithin(method.ContainingNamespace, "Microsoft.Extensions.Hosting") || NamespaceNames.IsWithin(method.ContainingNamespace, "Microsoft.AspNetCore"):
                    return true;
            }
        }

        return false;
    }

    private bool IsEventHandler(IMethodSymbol method)
        => method.Parameters.Length == 2
           && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
           && KnownTypes.IsOrDerivesFrom(method.Parameters[1].Type, Types.EventArgs);
}
