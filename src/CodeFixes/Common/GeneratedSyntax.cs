using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// Syntax the fixes generate, written with fully qualified names and annotated so that the code action's cleanup
/// adds the usings, simplifies the names and formats the result as hand-written code.
/// </summary>
internal static class GeneratedSyntax
{
    /// <summary><c>TimeSpan.FromMinutes(2)</c> for 00:02:00, choosing the largest whole unit.</summary>
    public static ExpressionSyntax TimeSpanExpression(TimeSpan value)
    {
        string call;
        if (value.Ticks % TimeSpan.TicksPerHour == 0)
        {
            call = "FromHours(" + (value.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + ")";
        }
        else if (value.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            call = "FromMinutes(" + (value.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + ")";
        }
        else if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            call = "FromSeconds(" + (value.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + ")";
        }
        else
        {
            call = "FromMilliseconds(" + ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ")";
        }

        return Annotate(SyntaxFactory.ParseExpression("global::System.TimeSpan." + call));
    }

    /// <summary><c>PooledConnectionLifetime = TimeSpan.FromMinutes(2)</c>.</summary>
    public static AssignmentExpressionSyntax PooledConnectionLifetime(TimeSpan value)
        => SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("PooledConnectionLifetime"),
            TimeSpanExpression(value));

    /// <summary><c>new SocketsHttpHandler { PooledConnectionLifetime = ... }</c>.</summary>
    public static ObjectCreationExpressionSyntax NewSocketsHttpHandler(TimeSpan lifetime)
        => SyntaxFactory.ObjectCreationExpression(Type("global::System.Net.Http.SocketsHttpHandler"))
            .WithInitializer(ObjectInitializer(PooledConnectionLifetime(lifetime)))
            .WithAdditionalAnnotations(Formatter.Annotation);

    public static InitializerExpressionSyntax ObjectInitializer(params ExpressionSyntax[] expressions)
        => SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(expressions));

    /// <summary>A type name that the cleanup simplifies and imports.</summary>
    public static TypeSyntax Type(string fullyQualifiedName) => Annotate(SyntaxFactory.ParseTypeName(fullyQualifiedName));

    /// <summary><c>private static readonly T name = initializer;</c></summary>
    public static FieldDeclarationSyntax PrivateStaticReadonlyField(TypeSyntax type, string name, ExpressionSyntax initializer)
        => SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(type)
                    .AddVariables(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(initializer))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// A line break as <paramref name="inDocument"/>'s document writes them (its first one; CRLF when it has none),
    /// elastic so that formatting may still move it: a fixed LF file gets no CRLF, a CRLF file no LF.
    /// </summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode inDocument)
    {
        var first = inDocument.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return first.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.ElasticEndOfLine(first.ToString()) : SyntaxFactory.ElasticCarriageReturnLineFeed;
    }

    public static T Annotate<T>(T node)
        where T : SyntaxNode
        => node.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
