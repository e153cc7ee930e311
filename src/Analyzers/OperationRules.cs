using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers;

/// <summary>
/// An analyzer's operation actions behind one registration: one callback per invocation, object creation and simple
/// assignment, which hands the operation only to the actions that asked for its method name, property name or created
/// type, so most operations stop after one lookup. An action still checks what it was given (the dispatch is a
/// prefilter by name and type, never the rule's judgement). Built in the compilation-start action, frozen by
/// <see cref="Register"/>.
/// </summary>
internal sealed class OperationRules
{
    private readonly Dictionary<string, List<Action<OperationAnalysisContext>>> _invocationsByName = new(StringComparer.Ordinal);
    private readonly List<Action<OperationAnalysisContext>> _everyInvocation = new();
    private readonly List<Action<OperationAnalysisContext>> _extensionInvocations = new();
    private readonly Dictionary<string, List<Action<OperationAnalysisContext>>> _assignmentsByProperty = new(StringComparer.Ordinal);
    private readonly Dictionary<ISymbol, List<Action<OperationAnalysisContext>>> _creationsByType = new(SymbolEqualityComparer.Default);
    private readonly List<Action<OperationAnalysisContext>> _everyCreation = new();
    private bool _registered;

    public OperationRules(Compilation compilation, AnalyzerOptions options)
    {
        Compilation = compilation;
        Options = options;
    }

    /// <summary>The compilation being started.</summary>
    public Compilation Compilation { get; }

    /// <summary>The analyzer options of that compilation.</summary>
    public AnalyzerOptions Options { get; }

    /// <summary>Invocations of a method with one of <paramref name="methodNames"/> (any type; the rule checks which).</summary>
    public void OnInvocation(Action<OperationAnalysisContext> action, params string[] methodNames)
    {
        foreach (var name in methodNames)
        {
            Add(_invocationsByName, name, action);
        }
    }

    /// <summary>Every invocation: for rules that match by what any call returns, not by its name.</summary>
    public void OnEveryInvocation(Action<OperationAnalysisContext> action) => Add(_everyInvocation, action);

    /// <summary>
    /// Invocations of an extension method, whatever its name: for rules that match what a method extends. An action
    /// also registered by name runs once for a call that is both.
    /// </summary>
    public void OnExtensionMethodInvocation(Action<OperationAnalysisContext> action) => Add(_extensionInvocations, action);

    /// <summary>Simple assignments to a property with one of <paramref name="propertyNames"/> (also in object initializers).</summary>
    public void OnPropertyAssignment(Action<OperationAnalysisContext> action, params string[] propertyNames)
    {
        foreach (var name in propertyNames)
        {
            Add(_assignmentsByProperty, name, action);
        }
    }

    /// <summary>
    /// Creations of one of <paramref name="types"/> or of a type derived from one (absent types are skipped), as
    /// <see cref="KnownTypes.IsOrDerivesFrom"/> reads it.
    /// </summary>
    public void OnCreation(Action<OperationAnalysisContext> action, params INamedTypeSymbol?[] types)
    {
        foreach (var type in types)
        {
            if (type is not null)
            {
                Add(_creationsByType, type, action);
            }
        }
    }

    /// <summary>Every object creation: for rules whose types are only known from configuration.</summary>
    public void OnEveryCreation(Action<OperationAnalysisContext> action) => Add(_everyCreation, action);

    /// <summary>Registers the one operation action, for the kinds some rule asked for; nothing when none did.</summary>
    public void Register(CompilationStartAnalysisContext start)
    {
        _registered = true;
        var kinds = ImmutableArray.CreateBuilder<OperationKind>(3);
        if (_invocationsByName.Count > 0 || _everyInvocation.Count > 0 || _extensionInvocations.Count > 0)
        {
            kinds.Add(OperationKind.Invocation);
        }

        if (_assignmentsByProperty.Count > 0)
        {
            kinds.Add(OperationKind.SimpleAssignment);
        }

        if (_creationsByType.Count > 0 || _everyCreation.Count > 0)
        {
            kinds.Add(OperationKind.ObjectCreation);
        }

        if (kinds.Count > 0)
        {
            start.RegisterOperationAction(Dispatch, kinds.ToImmutable());
        }
    }

    private void Dispatch(OperationAnalysisContext context)
    {
        switch (context.Operation)
        {
            case IInvocationOperation { TargetMethod: var method } invocation:
                Run(_everyInvocation, context);
                _invocationsByName.TryGetValue(method.Name, out var byName);
                if (byName is not null)
                {
                    Run(byName, context);
                }

                // An extension method is called without an instance (its receiver is the first argument): most calls
                // are ruled out before the method's attributes are read.
                if (_extensionInvocations.Count > 0 && invocation.Instance is null && method.IsExtensionMethod)
                {
                    foreach (var action in _extensionInvocations)
                    {
                        if (byName is null || !byName.Contains(action))
                        {
                            action(context);
                        }
                    }
                }

                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } }:
                if (_assignmentsByProperty.TryGetValue(property.Name, out var byProperty))
                {
                    Run(byProperty, context);
                }

                break;
            case IObjectCreationOperation creation:
                Run(_everyCreation, context);
                DispatchCreation(creation.Type, context);
                break;
        }
    }

    private void DispatchCreation(ITypeSymbol? type, OperationAnalysisContext context)
    {
        if (_creationsByType.Count == 0)
        {
            return;
        }

        // A rule registered for two types of one hierarchy (or a type and its base) runs once.
        List<Action<OperationAnalysisContext>>? first = null;
        List<Action<OperationAnalysisContext>>? others = null;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (!_creationsByType.TryGetValue(current.OriginalDefinition, out var actions))
            {
                continue;
            }

            if (first is null)
            {
                first = actions;
                continue;
            }

            others ??= new List<Action<OperationAnalysisContext>>(first);
            foreach (var action in actions)
            {
                if (!others.Contains(action))
                {
                    others.Add(action);
                }
            }
        }

        if ((others ?? first) is { } run)
        {
            Run(run, context);
        }
    }

    private static void Run(List<Action<OperationAnalysisContext>> actions, OperationAnalysisContext context)
    {
        foreach (var action in actions)
        {
            action(context);
        }
    }

    private void Add(List<Action<OperationAnalysisContext>> list, Action<OperationAnalysisContext> action)
    {
        Debug.Assert(!_registered, "Rules register their operations in the compilation-start action, before it ends.");
        list.Add(action);
    }

    private void Add<TKey>(Dictionary<TKey, List<Action<OperationAnalysisContext>>> map, TKey key, Action<OperationAnalysisContext> action)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<Action<OperationAnalysisContext>>();
        }

        if (!list.Contains(action))
        {
            Add(list, action);
        }
    }
}
