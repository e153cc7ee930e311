// Imitates: an integration-test class (xunit) that creates an HttpClient and a TcpClient per test method: test code
// is left alone by default (correct code; xunit attribute look-alike declared here).
using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace Xunit
{
    [AttributeUsage(AttributeTargets.Method)]
    public class FactAttribute : Attribute
    {
    }
}

namespace Api.IntegrationTests
{
    public class SmokeTests
    {
        [Fact]
        public async Task Health_endpoint_answers()
        {
            using var client = new HttpClient { BaseAddress = new Uri("http://localhost:5000/") };
            var response = await client.GetAsync("health");
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException(response.StatusCode.ToString());
        }

        [Fact]
        public async Task Metrics_port_accepts_connections()
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("localhost", 9090);
        }
    }
}
