using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers;

/// <summary>Local-variable questions rules ask inside one member body.</summary>
internal static class Locals
{
    /// <summary>
    /// The value a local is declared with, when it is never assigned again (and not passed by ref/out) in
    /// <paramref name="root"/>; otherwise null.
    /// </summary>
    public static IOperation? SingleValue(ILocalSymbol local, IOperation root)
    {
        IOperation? value = null;
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    value = declarator.GetVariableInitializer()?.Value;
                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && IsWritten(reference):
                    return null;
            }
        }

        return value;
    }

    private static bool IsWritten(ILocalReferenceOperation reference)
        => reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            IIncrementOrDecrementOperation => true,
            _ => false,
        };
}
