using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.Analyzers.Sockets;

/// <summary>
/// Dead-peer evidence anywhere in the compilation, for CH0012: which types set TCP keep-alive or wrap a
/// <c>FramedConnection</c> with heartbeats (both by symbol, see <see cref="DeadPeerEvidence"/>), send application
/// heartbeats (<c>SendPing</c>, <c>HeartbeatTimer</c>, <c>PingReq</c>) or set a read timeout, and which types each type
/// holds. A socket's owner counts as watched when it, a type it holds, or a type that holds it has such evidence: the
/// protocol client that pings over the channel owning the socket. Built once per compilation, on the first CH0012
/// candidate; files that name none of the evidence are skipped by text.
/// </summary>
internal sealed class DeadPeerEvidenceIndex
{
    private static readonly string[] s_prefilter = { "keepalive", "heartbeat", "framedconnection", "receivetimeout", "readtimeout" };

    // Types are keyed by their full name (namespace and containing types), so that two 'Program' classes stay apart;
    // what a type holds is known by simple name (syntax only), matched against the simple names of evidence types.
    // Name evidence (pings, heartbeats, read timeouts) is known at once; symbol evidence (keep-alive options, a
    // FramedConnection) is only a candidate, in files whose text names it, confirmed by binding when a question needs
    // that type — binding every candidate file up front cost more than the rest of the rule.
    // Built once and only read afterwards (by any thread): plain collections.
    private readonly HashSet<string> _typesWithEvidence;
    private readonly Dictionary<string, List<TypeDeclarationSyntax>> _candidates;
    private readonly Dictionary<string, List<string>> _bySimpleName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _holds;
    private readonly DeadPeerEvidence _evidence;
    private readonly ConcurrentDictionary<string, bool> _confirmed = new(StringComparer.Ordinal);

    private DeadPeerEvidenceIndex(
        HashSet<string> typesWithEvidence,
        Dictionary<string, List<TypeDeclarationSyntax>> candidates,
        Dictionary<string, HashSet<string>> holds,
        DeadPeerEvidence evidence)
    {
        _typesWithEvidence = typesWithEvidence;
        _candidates = candidates;
        foreach (var name in typesWithEvidence.Concat(candidates.Keys).Distinct(StringComparer.Ordinal))
        {
            var simpleName = SimpleName(name);
            if (!_bySimpleName.TryGetValue(simpleName, out var fullNames))
            {
                _bySimpleName[simpleName] = fullNames = new List<string>();
            }

            fullNames.Add(name);
        }

        _holds = holds;
        _evidence = evidence;
    }

    /// <summary>True when <paramref name="owner"/>, a type it holds, or a type holding it shows dead-peer evidence.</summary>
    public bool Watches(INamedTypeSymbol? owner, CancellationToken cancellationToken)
    {
        if (owner is null)
        {
            return false;
        }

        var name = FullName(owner);
        if (HasEvidence(name, cancellationToken))
        {
            return true;
        }

        if (_holds.TryGetValue(name, out var held))
        {
            foreach (var type in held)
            {
                if (_bySimpleName.TryGetValue(type, out var fullNames) && fullNames.Any(n => HasEvidence(n, cancellationToken)))
                {
                    return true;
                }
            }
        }

        foreach (var fullNames in _bySimpleName.Values)
        {
            foreach (var type in fullNames)
            {
                if (_holds.TryGetValue(type, out var heldByEvidence) && heldByEvidence.Contains(owner.Name) && HasEvidence(type, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool HasEvidence(string fullName, CancellationToken cancellationToken)
        => _typesWithEvidence.Contains(fullName)
           || (_candidates.TryGetValue(fullName, out var declarations)
               && _confirmed.GetOrAdd(fullName, _ => declarations.Any(d => _evidence.ShowsEvidence(d, names: null, listener: null, cancellationToken))));

    public static DeadPeerEvidenceIndex Build(Compilation compilation, DeadPeerEvidence evidence, CancellationToken cancellationToken)
    {
        var builder = new Builder();
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = tree.GetText(cancellationToken).ToString();
            if (!MayMention(text))
            {
                continue;
            }

            // Only types in files whose text names them may have symbol evidence; they are bound when asked about.
            builder.SymbolCandidate = text.IndexOf("KeepAlive", StringComparison.OrdinalIgnoreCase) >= 0
                                      || text.IndexOf("FramedConnection", StringComparison.Ordinal) >= 0;
            foreach (var type in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<TypeDeclarationSyntax>())
            {
                builder.Visit(type);
            }
        }

        return new DeadPeerEvidenceIndex(builder.WithEvidence, builder.Candidates, builder.Holds, evidence);
    }

    /// <summary>
    /// One walk over each type's tokens: a nested type is visited on its own, and what it names counts as held by every
    /// type around it too; evidence counts for the innermost type only.
    /// </summary>
    private sealed class Builder
    {
        private readonly List<HashSet<string>> _enclosing = new();

        public bool SymbolCandidate { get; set; }

        public HashSet<string> WithEvidence { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, HashSet<string>> Holds { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<TypeDeclarationSyntax>> Candidates { get; } = new(StringComparer.Ordinal);

        public void Visit(TypeDeclarationSyntax type)
        {
            var name = FullName(type);
            if (SymbolCandidate)
            {
                if (!Candidates.TryGetValue(name, out var declarations))
                {
                    Candidates[name] = declarations = new List<TypeDeclarationSyntax>();
                }

                declarations.Add(type);
            }

            if (!Holds.TryGetValue(name, out var held))
            {
                Holds[name] = held = new HashSet<string>(StringComparer.Ordinal);
            }

            _enclosing.Add(held);
            foreach (var item in type.DescendantNodesAndTokens(n => n == type || n is not TypeDeclarationSyntax))
            {
                if (item.IsNode)
                {
                    if (item.AsNode() is TypeDeclarationSyntax nested && nested != type)
                    {
                        Visit(nested);
                    }

                    continue;
                }

                var token = item.AsToken();
                if (!token.IsKind(SyntaxKind.IdentifierToken))
                {
                    continue;
                }

                if (IsEvidence(token.ValueText))
                {
                    WithEvidence.Add(name);
                }

                if (token.Parent is IdentifierNameSyntax identifier && !(identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier) && token.ValueText.Length > 0 && char.IsUpper(token.ValueText[0]))
                {
                    foreach (var outer in _enclosing)
                    {
                        outer.Add(token.ValueText);
                    }
                }
            }

            _enclosing.RemoveAt(_enclosing.Count - 1);
        }
    }

    /// <summary>
    /// Identifiers that show an application heartbeat or a read timeout: <c>Heartbeat</c> in any case, <c>Ping</c> as a
    /// word (<c>SendPing</c>, <c>PingReq</c>, <c>_pingTimer</c>; not <c>Mapping</c>), <c>ReceiveTimeout</c>,
    /// <c>ReadTimeout</c>. By name on purpose: a protocol's own ping message or heartbeat timer has no symbol to ask.
    /// TCP keep-alive and <c>FramedConnection</c> are matched by symbol instead (an identifier merely containing
    /// <c>KeepAlive</c> is no evidence: <c>HttpWebRequest.KeepAlive</c> is an HTTP flag).
    /// </summary>
    internal static bool IsEvidence(string identifier)
    {
        if (identifier is "HeartbeatInterval" or "MaxMissedHeartbeats" or "HeartbeatsSent")
        {
            // ConnHygiene.Runtime's own heartbeat settings: a FramedConnection is judged by symbol, with its options
            // (HeartbeatInterval = Timeout.InfiniteTimeSpan turns heartbeats off).
            return false;
        }

        if (identifier.IndexOf("heartbeat", StringComparison.OrdinalIgnoreCase) >= 0
            || identifier is "ReceiveTimeout" or "ReadTimeout")
        {
            return true;
        }

        for (var i = identifier.IndexOf("ing", StringComparison.Ordinal); i > 0; i = identifier.IndexOf("ing", i + 1, StringComparison.Ordinal))
        {
            var p = identifier[i - 1];
            var before = i - 2;
            var after = i + 3;
            var wordStart = p == 'P' || (p == 'p' && (before < 0 || !char.IsLower(identifier[before])));
            if (wordStart && (after >= identifier.Length || !char.IsLower(identifier[after])))
            {
                return true;
            }
        }

        return false;
    }

    private static string FullName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.Name + "." + name;
        }

        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            name = ns.Name + "." + name;
        }

        return name;
    }

    private static string FullName(TypeDeclarationSyntax type)
    {
        var name = type.Identifier.ValueText;
        for (var node = type.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case TypeDeclarationSyntax outer:
                    name = outer.Identifier.ValueText + "." + name;
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    name = ns.Name.ToString() + "." + name;
                    break;
            }
        }

        return name;
    }

    private static string SimpleName(string fullName) => fullName.Substring(fullName.LastIndexOf('.') + 1);

    /// <summary>
    /// The file's text names some evidence: <c>KeepAlive</c>, <c>Heartbeat</c>, <c>FramedConnection</c>, a read
    /// timeout, or <c>Ping</c> as a word as <see cref="IsEvidence"/> reads it — not the "ping" inside <c>Mapping</c> or
    /// <c>Stopping</c>, which nearly every file has.
    /// </summary>
    private static bool MayMention(string text)
    {
        foreach (var word in s_prefilter)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        if (text.IndexOf("Ping", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        for (var i = text.IndexOf("ping", StringComparison.Ordinal); i >= 0; i = text.IndexOf("ping", i + 1, StringComparison.Ordinal))
        {
            if (i == 0 || !char.IsLower(text[i - 1]))
            {
                return true;
            }
        }

        return false;
    }
}
