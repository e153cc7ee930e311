using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace HttpMistakes.Controllers;

[ApiController]
[Route("api/[controller]")]
public sealed class OrdersController : ControllerBase
{
    // CH0001: a new HttpClient per request; each one opens its own connections and leaves them in TIME_WAIT.
    [HttpGet("{id:int}/stock")]
    public async Task<IActionResult> Stock(int id)
    {
        using var client = new HttpClient { BaseAddress = new Uri("https://inventory.example.com/") };
        var stock = await client.GetStringAsync($"stock/{id}");
        return Ok(stock);
    }

    // CH0002: a new handler (its own connection pool) per call, thrown away with the client.
    [HttpPost("{id:int}/ship")]
    public async Task<IActionResult> Ship(int id)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        using var response = await client.PostAsync($"https://shipping.example.com/orders/{id}", content: null);
        return StatusCode((int)response.StatusCode);
    }

    // CH0010: a raw socket opened, used once and closed on every request.
    [HttpPost("{id:int}/label")]
    public async Task<IActionResult> PrintLabel(int id)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("printer.internal", 9100);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"^XA^FO50,50^FDOrder {id}^FS^XZ"));
        return NoContent();
    }
}
