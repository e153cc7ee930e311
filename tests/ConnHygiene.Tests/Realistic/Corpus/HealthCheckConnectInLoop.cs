// Imitates: a service monitor that checks every backend by connecting and closing a TcpClient inside the loop, every
// few seconds (each iteration leaves a TIME_WAIT socket).
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Monitor.Probes;

public sealed class PortMonitor
{
    public async Task<Dictionary<string, bool>> CheckAllAsync(IEnumerable<(string Host, int Port)> targets)
    {
        var results = new Dictionary<string, bool>();
        foreach (var (host, port) in targets)
        {
            using var client = new TcpClient(); // expect: CH0011
            try
            {
                await client.ConnectAsync(host, port);
                results[$"{host}:{port}"] = true;
            }
            catch (SocketException)
            {
                results[$"{host}:{port}"] = false;
            }
        }

        return results;
    }
}
