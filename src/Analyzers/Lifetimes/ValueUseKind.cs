namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>What a <see cref="ValueUse"/> is: where a created value goes.</summary>
internal enum ValueUseKind
{
    /// <summary>Passed on, compared, awaited...: the context decides.</summary>
    Other,

    /// <summary>Initializes a field or property (the member's own initializer).</summary>
    Initializer,

    /// <summary>Assigned (or <c>??=</c>) to a static field or property.</summary>
    StoredStatic,

    /// <summary>Assigned (or <c>??=</c>) to an instance field or property.</summary>
    StoredInstance,

    /// <summary>Given to <c>AddSingleton(instance)</c>.</summary>
    SingletonRegistration,

    /// <summary>Assigned to a local variable (<see cref="ValueUse.Local"/>).</summary>
    Local,

    /// <summary>Returned from the member.</summary>
    Returned,

    /// <summary>Used directly as the receiver of a call or property: <c>new HttpClient().GetAsync(...)</c>.</summary>
    UsedOnce,

    /// <summary>Passed to a constructor (<c>new TransferUtility(new AmazonS3Client())</c>): lives as long as <see cref="ValueUse.Owner"/>.</summary>
    Owned,
}
