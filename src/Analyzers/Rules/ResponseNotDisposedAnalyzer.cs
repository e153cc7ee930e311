using System;
using System.Collections.Immutable;
using ConnHygiene.Analyzers.Http;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0005: an HttpResponseMessage that still holds its connection when the call returns — sent with
/// <c>HttpCompletionOption.ResponseHeadersRead</c> (or an option not provably <c>ResponseContentRead</c>), or by a plain
/// <c>HttpMessageInvoker</c> or a message handler, none of which buffer the body, or the stream <c>GetStreamAsync</c>
/// returns — that the member neither disposes
/// nor reads to the end nor hands on. The default buffered <c>GetAsync/PostAsync/.../SendAsync</c> calls are not
/// reported: their connection is back in the pool before they return. The diagnostic sits on the call; when the
/// response initializes a local, its declaration statement is the additional location the fix turns into a using
/// declaration.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseNotDisposedAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0005ResponseNotDisposed);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        var types = ResponseTypes.Create(judge.Types);
        if (types is null)
        {
            return;
        }

        // A call holds a response only when it is one of these methods (HttpClient's, an invoker's or a handler's) or an
        // extension method of HttpClient (ResponseOwnership.Hold): no other call needs looking at.
        Action<OperationAnalysisContext> analyze = c => Analyze(c, types);
        operations.OnInvocation(analyze, "GetStreamAsync", "Send", "SendAsync", "GetAsync");
        operations.OnExtensionMethodInvocation(analyze);
    }

    private static void Analyze(OperationAnalysisContext context, ResponseTypes types)
    {
        if (context.Operation is not IInvocationOperation call
            || ResponseOwnership.Hold(call, types) is var hold && hold == ResponseHold.None
            || ResponseOwnership.Follow(call, hold, types, context.CancellationToken) is not (ResponseFate.Leaked, var value))
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, call.Syntax.SyntaxTree);
        if (TestCode.IsExcluded(context.ContainingSymbol, options))
        {
            return;
        }

        var declaration = value.WithConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            ? declarator.Syntax.Parent?.Parent
            : null;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0005ResponseNotDisposed,
            call.Syntax.GetLocation(),
            declaration is null ? null : new[] { declaration.GetLocation() },
            Display.Member(context.ContainingSymbol),
            call.TargetMethod.Name,
            Why(hold)));
    }

    private static string Why(ResponseHold hold)
        => hold switch
        {
            ResponseHold.HeadersRead => "with ResponseHeadersRead",
            ResponseHold.MaybeHeadersRead => "with an HttpCompletionOption that may be ResponseHeadersRead",
            ResponseHold.Handler => "of the next message handler, which does not buffer the content",
            ResponseHold.Stream => "as a stream over the unread content",
            _ => "on a plain HttpMessageInvoker, which does not buffer the content",
        };
}
