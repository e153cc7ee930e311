// Imitates: a project-wide "HttpClientInstance" helper whose public static CreateClient() returns a new client on
// every call, used directly in controller actions (issue 8 section 4: creation per request through a helper).
using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Helpers
{
    public static class HttpClientInstance
    {
        public static HttpClient CreateClient()
        {
            var client = new HttpClient(); // expect: CH0001
            client.BaseAddress = new Uri("https://backend.internal/");
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return client;
        }
    }
}

namespace Portal.Controllers
{
    using Portal.Helpers;

    public class ProfileController : Controller
    {
        public async Task<IActionResult> Index(int userId)
        {
            var json = await HttpClientInstance.CreateClient().GetStringAsync($"api/users/{userId}");
            return Content(json, "application/json");
        }

        public async Task<IActionResult> Orders(int userId)
        {
            var client = HttpClientInstance.CreateClient();
            var json = await client.GetStringAsync($"api/users/{userId}/orders");
            return Content(json, "application/json");
        }
    }
}
