using System.Collections.Immutable;
using System.Linq;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Analyzers;

/// <summary>
/// The analyzer the package ships for every rule that is on by default: it hosts the rule analyzers (each rule's code
/// stays in its own class under <c>Rules/</c>, which also runs on its own in the tests) and gives them one callback per
/// invocation, object creation and property assignment instead of one per rule and operation (see
/// <see cref="OperationRules"/>). Twelve rules each asked for every invocation or creation before: on a large code base
/// those callbacks alone cost more than the rules' work. CH0015, off by default, ships as its own analyzer so that the
/// compiler skips it entirely unless a project turns it on.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConnHygieneRulesAnalyzer : ConnHygieneAnalyzer
{
    private readonly ImmutableArray<ConnHygieneAnalyzer> _rules = ImmutableArray.Create<ConnHygieneAnalyzer>(
        new HttpClientPerOperationAnalyzer(),
        new HandlerPerOperationAnalyzer(),
        new PooledConnectionLifetimeAnalyzer(),
        new KeepAliveOffAnalyzer(),
        new ResponseNotDisposedAnalyzer(),
        new LegacyWebClientAnalyzer(),
        new SocketPerOperationAnalyzer(),
        new DeadPeerDetectionAnalyzer(),
        new AbortiveCloseAnalyzer(),
        new InexactReadAnalyzer(),
        new SharedPoolClientAnalyzer());

    public ConnHygieneRulesAnalyzer()
        => SupportedDiagnostics = _rules.SelectMany(rule => rule.SupportedDiagnostics).ToImmutableArray();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        foreach (var rule in _rules)
        {
            Start(rule, operations, judge);
        }
    }
}
