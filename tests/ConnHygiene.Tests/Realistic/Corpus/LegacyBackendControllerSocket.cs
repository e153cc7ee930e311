// Imitates: an ASP.NET Core controller fronting a legacy TCP backend (mainframe gateway) by opening a TcpClient per
// HTTP request.
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace Bridge.Api.Controllers;

[ApiController]
[Route("api/accounts")]
public class AccountLookupController : ControllerBase
{
    [HttpGet("{number}")]
    public async Task<ActionResult<string>> Get(string number)
    {
        using var client = new TcpClient(); // expect: CH0010
        await client.ConnectAsync("mainframe-gw", 3270);
        using var stream = client.GetStream();
        using var writer = new StreamWriter(stream) { AutoFlush = true };
        using var reader = new StreamReader(stream);
        await writer.WriteLineAsync("ACCT " + number);
        var answer = await reader.ReadLineAsync();
        return answer is null ? NotFound() : Ok(answer);
    }
}
