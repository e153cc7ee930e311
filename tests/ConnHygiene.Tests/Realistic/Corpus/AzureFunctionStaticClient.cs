// Imitates: an Azure Functions (in-process model) HTTP-triggered function that relays to a backend through a
// static client made once per host on a SocketsHttpHandler with a lifetime (correct code). The WebJobs attribute
// types are declared here as look-alikes of the real SDK.
using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class HttpTriggerAttribute : Attribute
    {
        public HttpTriggerAttribute(string authLevel, params string[] methods) => Methods = methods;
        public string[] Methods { get; }
        public string? Route { get; set; }
    }
}

namespace Orders.Functions
{
    public static class RelayOrder
    {
        private static readonly HttpClient Backend = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            BaseAddress = new Uri(Environment.GetEnvironmentVariable("BACKEND_URL") ?? "http://localhost:7071/"),
        };

        [FunctionName("RelayOrder")]
        public static async Task<IActionResult> Run(
            [HttpTrigger("function", "post", Route = "orders")] HttpRequest req,
            ILogger log)
        {
            using var reader = new StreamReader(req.Body);
            var body = await reader.ReadToEndAsync();
            log.LogInformation("Relaying order of {Length} chars", body.Length);
            var response = await Backend.PostAsync("api/orders", new StringContent(body, Encoding.UTF8, "application/json"));
            return new StatusCodeResult((int)response.StatusCode);
        }
    }
}
