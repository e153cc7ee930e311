using System;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>Thrown when a verification fails; the message says what differed and shows both sides.</summary>
public sealed class VerificationException : Exception
{
    public VerificationException(string message)
        : base(message)
    {
    }
}
