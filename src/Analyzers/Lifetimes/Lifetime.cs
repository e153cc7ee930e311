namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>How often the code that creates an object runs.</summary>
internal enum Lifetime
{
    /// <summary>Cannot tell (a public factory, an instance field of an ordinary service): no rule reports.</summary>
    Unknown,

    /// <summary>Once per process: static initializers, static constructors, Lazy, static caches, singleton registrations, Main.</summary>
    PerProcess,

    /// <summary>Created by IHttpClientFactory configuration (ConfigurePrimaryHttpMessageHandler, AddHttpClient): the factory manages its lifetime.</summary>
    FactoryManaged,

    /// <summary>Once per request, call or loop iteration.</summary>
    PerOperation,

    /// <summary>Test code (unless <c>connhygiene.analyze_test_code</c> is on): never reported.</summary>
    Excluded,
}
