// Imitates: a hand-written retry DelegatingHandler (pre-Polly) that overwrites the failed response with the next
// attempt without disposing it: a handler-pipeline response is unbuffered, so each dropped one holds its connection.
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Sdk.Http;

public sealed class RetryHandler : DelegatingHandler
{
    private const int MaxAttempts = 3;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = null!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            response = await base.SendAsync(request, cancellationToken); // expect: CH0005
            if ((int)response.StatusCode < 500)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
        }

        return response;
    }
}
