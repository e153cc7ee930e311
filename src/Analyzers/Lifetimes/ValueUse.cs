using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>Where a created value goes, looking through conversions.</summary>
internal readonly struct ValueUse
{
    private ValueUse(ValueUseKind kind, ILocalSymbol? local = null, IObjectCreationOperation? owner = null, IAssignmentOperation? store = null)
    {
        Kind = kind;
        Local = local;
        Owner = owner;
        Store = store;
    }

    public ValueUseKind Kind { get; }

    public ILocalSymbol? Local { get; }

    /// <summary>For <see cref="ValueUseKind.Owned"/>: the creation the value is a constructor argument of.</summary>
    public IObjectCreationOperation? Owner { get; }

    /// <summary>For <see cref="ValueUseKind.StoredStatic"/> and <see cref="ValueUseKind.StoredInstance"/>: the assignment (or <c>??=</c>) that stores it.</summary>
    public IAssignmentOperation? Store { get; }

    public static ValueUse Of(IOperation creation, KnownTypes types)
    {
        var value = creation.WithConversions();

        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return new ValueUse(ValueUseKind.Local, declarator.Symbol);
            case IFieldInitializerOperation or IPropertyInitializerOperation:
                return new ValueUse(ValueUseKind.Initializer);
            case IAssignmentOperation assignment when assignment.Value == value:
                return OfTarget(assignment);
            case IReturnOperation ret:
                return new ValueUse(ret.IsInsideFunction() ? ValueUseKind.Other : ValueUseKind.Returned);
            case IInvocationOperation invocation when invocation.Instance == value:
                return new ValueUse(ValueUseKind.UsedOnce);
            case IPropertyReferenceOperation property when property.Instance == value:
                return new ValueUse(ValueUseKind.UsedOnce);
            case IArgumentOperation { Parent: IInvocationOperation registration } when DelegateTarget.IsSingletonRegistration(registration.TargetMethod, types):
                return new ValueUse(ValueUseKind.SingletonRegistration);
            case IArgumentOperation { Parent: IObjectCreationOperation owner }:
                return new ValueUse(ValueUseKind.Owned, owner: owner);
            default:
                return new ValueUse(ValueUseKind.Other);
        }
    }

    private static ValueUse OfTarget(IAssignmentOperation assignment) => assignment.Target switch
    {
        IFieldReferenceOperation { Field.IsStatic: true } => new ValueUse(ValueUseKind.StoredStatic, store: assignment),
        IPropertyReferenceOperation { Property.IsStatic: true } => new ValueUse(ValueUseKind.StoredStatic, store: assignment),
        IFieldReferenceOperation or IPropertyReferenceOperation => new ValueUse(ValueUseKind.StoredInstance, store: assignment),
        ILocalReferenceOperation local => new ValueUse(ValueUseKind.Local, local.Local),
        _ => new ValueUse(ValueUseKind.Other),
    };
}
