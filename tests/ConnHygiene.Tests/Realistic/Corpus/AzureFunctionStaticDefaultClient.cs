// Imitates: the Azure Functions docs-era advice "use a static HttpClient": a static client on the default handler
// shared by every invocation (long-lived, never sees DNS changes). Function attribute declared as a look-alike.
using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.WebJobs
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionNameAttribute : Attribute
    {
        public FunctionNameAttribute(string name) => Name = name;
        public string Name { get; }
    }
}

namespace Weather.Functions
{
    public static class RefreshForecast
    {
        private static HttpClient httpClient = new HttpClient(); // expect: CH0003

        [FunctionName("RefreshForecast")]
        public static async Task Run(ILogger log)
        {
            var forecast = await httpClient.GetStringAsync("https://weather.example.com/api/forecast");
            log.LogInformation("Forecast length {Length}", forecast.Length);
        }
    }
}
