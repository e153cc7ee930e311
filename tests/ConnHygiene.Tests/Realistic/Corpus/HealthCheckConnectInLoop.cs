// Imitates: a service monitor that checks every backend by connecting and closing a TcpClient inside the loop, every
// few seconds. Each probe does leave a TIME_WAIT socket, but it exchanges no data and targets a different endpoint per
// iteration on purpose: a reachability probe, which neither hoisting nor a pool can serve (relabelled correct after the
// real-code scan of issue 8 found port scanners and probes labelled false positives by hand).
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
            using var client = new TcpClient();
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
