namespace ConnHygiene.Behaviour.Tests;

/// <summary>Snippet text shared by the HTTP proofs.</summary>
internal static class RequestLoop
{
    /// <summary>
    /// <c>Snippet.RunAsync(target, requests)</c>: <c>requests</c> sequential GETs of <c>/n/{i}</c> through the snippet's
    /// own <c>FetchAsync(url)</c>, returning the sum of the body lengths (the result the fixed code must reproduce).
    /// </summary>
    public const string RunAsync = """
            public static async Task<long> RunAsync(string target, int requests)
            {
                long total = 0;
                for (var i = 0; i < requests; i++)
                {
                    total += await FetchAsync(target + "/n/" + i);
                }

                return total;
            }

        """;
}
