// Imitates: an Azure Functions (isolated worker look-alike) timer/HTTP function that creates a client per invocation
// to call a partner API (a classic socket-exhaustion report). Function attribute declared as a look-alike.
using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionAttribute : Attribute
    {
        public FunctionAttribute(string name) => Name = name;
        public string Name { get; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class TimerTriggerAttribute : Attribute
    {
        public TimerTriggerAttribute(string schedule) => Schedule = schedule;
        public string Schedule { get; }
    }

    public sealed class TimerInfo
    {
        public bool IsPastDue { get; set; }
    }
}

namespace Partner.Sync
{
    public class PushInventoryFunction
    {
        private readonly ILogger<PushInventoryFunction> _logger;

        public PushInventoryFunction(ILogger<PushInventoryFunction> logger) => _logger = logger;

        [Function("PushInventory")]
        public async Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer)
        {
            var client = new HttpClient(); // expect: CH0001
            client.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("PARTNER_KEY"));
            var payload = new StringContent("{\"items\":[]}", Encoding.UTF8, "application/json");
            var response = await client.PostAsync("https://partner.example.com/inventory", payload);
            _logger.LogInformation("Pushed inventory: {Status} (past due: {PastDue})", response.StatusCode, timer.IsPastDue);
        }
    }
}
