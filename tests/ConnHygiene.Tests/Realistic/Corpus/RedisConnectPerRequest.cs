// Imitates: a controller that connects to Redis in every action (StackExchange.Redis types declared here as
// look-alikes with the real metadata names, since the reference pack lacks the package).
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace StackExchange.Redis
{
    public interface IDatabase
    {
        Task<string?> StringGetAsync(string key);
        Task<bool> StringSetAsync(string key, string value);
    }

    public sealed class ConnectionMultiplexer : System.IDisposable
    {
        private ConnectionMultiplexer() { }
        public static ConnectionMultiplexer Connect(string configuration) => new();
        public static Task<ConnectionMultiplexer> ConnectAsync(string configuration) => Task.FromResult(new ConnectionMultiplexer());
        public IDatabase GetDatabase(int db = -1) => throw new System.NotSupportedException();
        public void Dispose() { }
    }
}

namespace Sessions.Web.Controllers
{
    [ApiController]
    [Route("api/cart")]
    public class CartController : ControllerBase
    {
        [HttpGet("{id}")]
        public async Task<IActionResult> Get(string id)
        {
            using var redis = ConnectionMultiplexer.Connect("localhost:6379"); // expect: CH0020
            var cart = await redis.GetDatabase().StringGetAsync("cart:" + id);
            return cart is null ? NotFound() : Ok(cart);
        }

        [HttpPut("{id}")]
        public async Task<IActionResult> Put(string id, [FromBody] string cart)
        {
            var redis = await ConnectionMultiplexer.ConnectAsync("localhost:6379"); // expect: CH0020
            await redis.GetDatabase().StringSetAsync("cart:" + id, cart);
            return NoContent();
        }
    }
}
