using Xunit;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// Every behaviour proof runs in this one collection, one test at a time, so that the connections and TIME_WAIT
/// sockets a test counts are its own and no other proof competes for the cores while it measures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProofCollection
{
    public const string Name = "Behaviour proofs";
}
