using System.Diagnostics.CodeAnalysis;

// The rule analyzers are hosted by ConnHygieneRulesAnalyzer, which is the one exported: exporting them too would report
// every finding twice. Meta/ShippedAnalyzerTests checks each is exported or hosted, exactly once.
[assembly: SuppressMessage(
    "MicrosoftCodeAnalysisCorrectness",
    "RS1001:Missing diagnostic analyzer attribute",
    Justification = "Hosted by ConnHygieneRulesAnalyzer",
    Scope = "namespaceanddescendants",
    Target = "~N:ConnHygiene.Analyzers.Rules")]
